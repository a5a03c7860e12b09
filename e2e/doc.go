// Package e2e holds end-to-end tests that build and run the civgraph
// binary and drive it from outside, like a user, in headless Chromium
// through playwright-core from web/: the playground (playground.mjs: works
// offline, runs a query, shows Chinese in the shipped webfont on a machine
// without CJK fonts), its examples run from GraphiQL's menu with an API key
// typed into the headers editor (playground_examples.mjs), and cross-origin
// fetches from other loopback origins (cors.mjs), and the comparison
// dashboard and site map with a province down (dashboard.mjs: their
// screenshots go to $CIVGRAPH_ARTIFACTS_DIR, default e2e/artifacts).
// browser.mjs launches the browser for all of them.
//
// It imports no civgraph package: everything goes through the binary and
// HTTP on loopback.
package e2e
