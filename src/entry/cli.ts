#!/usr/bin/env node
import { cliMain } from '../platform/cli-main.js';

process.exitCode = await cliMain(process.argv.slice(2));
