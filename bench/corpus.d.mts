export declare const NATIONAL: string;
export declare function buildCorpus(dir: string, sizeBytes: number, seed?: number): { files: number; bytes: number; national: number };
