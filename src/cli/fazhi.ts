#!/usr/bin/env node
/**
 * The `fazhi` command (package.json "bin"): the command line of main.ts.
 */
import './main.js';
