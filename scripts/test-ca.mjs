#!/usr/bin/env node
// Makes the CA the sandbox uses in tests (.cache/test-ca/) before jest starts. Filled in by the Sandbox work.
