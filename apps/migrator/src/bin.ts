#!/usr/bin/env node
import { main } from './main.js';

// exitCode instead of exit(): stdout is flushed before the process ends, even when piped.
process.exitCode = await main(process.argv.slice(2));
