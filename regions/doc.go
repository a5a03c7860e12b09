// Package regions is the index of the real administrative divisions of the
// four provinces: provinces, prefectures and county-level units by their
// GB/T 2260 codes (MCA list as of 2024-12-31), and townships (乡/镇/街道)
// by their nine-digit NBS statistical codes (cut-off 2022-10-31). The
// source files are embedded; data/PROVENANCE.md says where they come from
// and under which licences.
//
// Two places where the NBS township table does not fit GB/T 2260:
//   - A township whose NBS county code was renumbered in the MCA list
//     (e.g. NBS 320602 → MCA 320613 崇川区) hangs off the MCA code; the MCA
//     table names the old code in coord_source_adcode.
//   - A township under an NBS statistical-only zone (a development zone,
//     fifth digit 7, e.g. 130171 石家庄高新技术产业开发区) hangs off the
//     zone's prefecture, because the zone is not a GB/T 2260 unit.
//
// Seats come from AMap/DataV in GCJ-02 and are converted to WGS-84;
// townships have none.
//
// It imports civ and geo only; it must not import connectors, federation
// or anything that serves requests.
package regions
