// Package e2e holds end-to-end tests that build and run the civgraph
// binary and drive it from outside, like a user: the playground in headless
// Chromium (through e2e/playground.mjs and playwright-core from web/).
//
// It imports no civgraph package: everything goes through the binary and
// HTTP on loopback.
package e2e
