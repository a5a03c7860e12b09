// Package geo converts between WGS-84 and GCJ-02, the obfuscated datum
// that Chinese map data (AMap, DataV, Shanghai's open-data platform) uses,
// and measures distances.
//
// It imports only civ.
package geo
