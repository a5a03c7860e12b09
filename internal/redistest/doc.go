// Package redistest starts a real redis-server on a free loopback port for
// a test and stops it when the test ends. A test that needs Redis fails,
// rather than skips, when redis-server is not installed: a shared-cache
// test that silently does not run proves nothing.
//
// It is for tests only and imports no civgraph package.
package redistest
