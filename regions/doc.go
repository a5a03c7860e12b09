// Package regions is the index of real administrative divisions of the
// four provinces: provinces, prefectures and counties by their GB/T 2260
// codes (MCA, as of 2024-12-31), and townships (乡/镇/街道) by their
// nine-digit NBS statistical codes (2022). The data is embedded; its
// provenance is in data/PROVENANCE.md.
//
// Seats are converted from the source's GCJ-02 to WGS-84. Townships under
// NBS statistical-only zones (development zones such as 130171, which are
// not GB/T 2260 units) hang off the zone's prefecture.
//
// It imports civ and geo only.
package regions
