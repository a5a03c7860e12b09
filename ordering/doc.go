// Package ordering compares domain rows under a list order (NAME,
// UPDATED_AT, DISTANCE, DATE, DUE; ascending or descending, ties broken by
// ID ascending). The sample upstreams sort with it, connectors sort with it
// what their upstream cannot, and the federation merges the provinces'
// sorted streams with it, so that every place agrees on one order.
//
// Fields are the spellings of connectors.OrderField; the package takes
// them as strings so that the sample upstreams need not import the
// connector layer. It imports only civ and geo.
package ordering
