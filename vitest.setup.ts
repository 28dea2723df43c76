/**
 * A test that runs the CLI with spawnSync blocks its worker's event loop, and
 * the runner's messages to vitest wait unanswered meanwhile; on a busy
 * machine a file of such tests outlasts the runner's 60 s reply timeout
 * ("Timeout calling onTaskUpdate") although every test passes. One turn of
 * the event loop after each test lets the replies in.
 */
import { afterEach } from 'vitest';

afterEach(() => new Promise<void>((resolve) => setTimeout(resolve, 1)));
