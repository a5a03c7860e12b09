package cache

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// MaxKeyBytes bounds the keys Cache keeps: a longer key (a long keyword
// makes a long request, and so a long key) is stored as its first bytes
// plus the SHA-256 of the whole, exactly MaxKeyBytes+1 bytes long. Keys up
// to MaxKeyBytes are kept as they are, so a hashed key can never equal an
// unhashed one.
const MaxKeyBytes = 256

// maxPartitionBytes bounds a partition name (the key's text before ':').
const maxPartitionBytes = 32

// BoundKey returns key, or its bounded form when it is longer than
// MaxKeyBytes. The partition prefix (see PartitionOf) is preserved.
func BoundKey(key string) string {
	if len(key) <= MaxKeyBytes {
		return key
	}
	sum := sha256.Sum256([]byte(key))
	const digest = 1 + 2*sha256.Size // "#" and hex
	return key[:MaxKeyBytes+1-digest] + "#" + hex.EncodeToString(sum[:])
}

// PartitionOf returns the partition a key belongs to: its text before the
// first ':' (connectors prefix their keys with their province, "hubei:…").
// Budgets, counters and purges are per partition.
func PartitionOf(key string) string {
	i := strings.IndexByte(key, ':')
	if i < 0 || i > maxPartitionBytes {
		return ""
	}
	return key[:i]
}
