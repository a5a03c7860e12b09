package cache

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Defaults of a DiskStore.
const (
	DefaultDiskMaxBytes int64 = 256 << 20
	DefaultDiskMaxAge         = 24 * time.Hour
)

// diskQueue bounds the writes waiting for the disk writer; when it is full
// a write is dropped (the entry stays in memory and is written on its next
// refresh), so a slow disk never slows a request.
const diskQueue = 512

// diskBatch is how many queued writes share one transaction.
const diskBatch = 128

var (
	bucketEntries = []byte("entries") // key → fetchedAt (8) | seq (8) | flags (1) | value
	bucketOrder   = []byte("order")   // seq (8, big-endian) → key: oldest write first
	bucketMeta    = []byte("meta")    // "bytes" → accounted bytes (8)
	metaBytes     = []byte("bytes")
)

const entryHeader = 17

// flagNotFound in an entry's flags byte marks a negative entry.
const flagNotFound = 1

// DiskStore keeps the last good answer of every key in one bbolt file, so a
// gateway restarted while an upstream is down still has something to
// answer with. Writes are queued and written in batches by one goroutine;
// reads happen on a memory miss. It is bounded in bytes: past MaxBytes the
// oldest writes go first.
type DiskStore struct {
	db       *bolt.DB
	maxBytes int64
	maxAge   time.Duration
	now      func() time.Time
	log      *slog.Logger

	mu      sync.RWMutex // guards closed against Put sending on a closed queue
	closed  bool
	writes  chan diskWrite
	done    chan struct{}
	dropped atomic.Int64
}

// diskWrite is a queued write, or (ack set) a flush marker.
type diskWrite struct {
	key string
	e   Entry
	ack chan struct{}
}

// DiskConfig configures a DiskStore; zero fields mean the defaults.
type DiskConfig struct {
	Path     string
	MaxBytes int64         // bound of the accounted bytes (keys, values, headers)
	MaxAge   time.Duration // older entries are not served
	Logger   *slog.Logger
	Now      func() time.Time
}

// OpenDisk opens (or creates) the store's file. It waits at most a second
// for another process holding the file to let go.
func OpenDisk(cfg DiskConfig) (*DiskStore, error) {
	if cfg.MaxBytes <= 0 {
		cfg.MaxBytes = DefaultDiskMaxBytes
	}
	if cfg.MaxAge <= 0 {
		cfg.MaxAge = DefaultDiskMaxAge
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	db, err := bolt.Open(cfg.Path, 0o600, &bolt.Options{Timeout: time.Second, NoFreelistSync: true})
	if err != nil {
		return nil, fmt.Errorf("open cache file: %w", err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bucketEntries, bucketOrder, bucketMeta} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("open cache file: %w", err)
	}
	d := &DiskStore{db: db, maxBytes: cfg.MaxBytes, maxAge: cfg.MaxAge, now: cfg.Now, log: cfg.Logger,
		writes: make(chan diskWrite, diskQueue), done: make(chan struct{})}
	go d.writer()
	return d, nil
}

// Get returns the entry last written under key, unless it is older than
// the store's MaxAge. It is marked Restored.
func (d *DiskStore) Get(key string) (Entry, bool) {
	var e Entry
	var found bool
	_ = d.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketEntries).Get([]byte(key))
		if len(v) < entryHeader {
			return nil
		}
		e = Entry{FetchedAt: time.Unix(0, int64(binary.BigEndian.Uint64(v))), Value: bytes.Clone(v[entryHeader:]),
			NotFound: v[16]&flagNotFound != 0, Restored: true}
		found = true
		return nil
	})
	if !found || d.now().Sub(e.FetchedAt) > d.maxAge {
		return Entry{}, false
	}
	return e, true
}

// Put queues e to be written under key; it never blocks.
func (d *DiskStore) Put(key string, e Entry) {
	if e.Restored || int64(len(key)+len(e.Value)) > d.maxBytes {
		return
	}
	d.mu.RLock()
	defer d.mu.RUnlock()
	if d.closed {
		return
	}
	select {
	case d.writes <- diskWrite{key: key, e: e}:
	default:
		d.dropped.Add(1)
	}
}

// Dropped reports how many writes were dropped because the queue was full.
func (d *DiskStore) Dropped() int64 { return d.dropped.Load() }

// Flush waits until every write queued before it is on disk.
func (d *DiskStore) Flush() {
	ack := make(chan struct{})
	d.mu.RLock()
	if d.closed {
		d.mu.RUnlock()
		return
	}
	d.writes <- diskWrite{ack: ack}
	d.mu.RUnlock()
	<-ack
}

// DeletePrefix removes every entry whose key starts with prefix.
func (d *DiskStore) DeletePrefix(prefix string) (int, error) {
	n := 0
	err := d.db.Update(func(tx *bolt.Tx) error {
		entries, order := tx.Bucket(bucketEntries), tx.Bucket(bucketOrder)
		var keys [][]byte
		c := entries.Cursor()
		for k, _ := c.Seek([]byte(prefix)); k != nil && bytes.HasPrefix(k, []byte(prefix)); k, _ = c.Next() {
			keys = append(keys, bytes.Clone(k))
		}
		total := readBytes(tx)
		for _, k := range keys {
			total -= removeEntry(entries, order, k)
		}
		n = len(keys)
		return writeBytes(tx, total)
	})
	return n, err
}

// Bytes reports the accounted bytes on disk.
func (d *DiskStore) Bytes() int64 {
	var n int64
	_ = d.db.View(func(tx *bolt.Tx) error { n = readBytes(tx); return nil })
	return n
}

// Close writes what is queued and closes the file.
func (d *DiskStore) Close() error {
	d.mu.Lock()
	if !d.closed {
		d.closed = true
		close(d.writes)
	}
	d.mu.Unlock()
	<-d.done
	return d.db.Close()
}

func (d *DiskStore) writer() {
	defer close(d.done)
	batch := make([]diskWrite, 0, diskBatch)
	for w := range d.writes {
		batch = append(batch[:0], w)
	more:
		for len(batch) < diskBatch {
			select {
			case w, ok := <-d.writes:
				if !ok {
					break more
				}
				batch = append(batch, w)
			default:
				break more
			}
		}
		if err := d.db.Update(func(tx *bolt.Tx) error { return d.write(tx, batch) }); err != nil {
			d.log.Warn("cache file write failed", "err", err)
		}
		for _, w := range batch {
			if w.ack != nil {
				close(w.ack)
			}
		}
	}
}

// write stores a batch and drops the oldest entries past the byte bound.
func (d *DiskStore) write(tx *bolt.Tx, batch []diskWrite) error {
	entries, order := tx.Bucket(bucketEntries), tx.Bucket(bucketOrder)
	total := readBytes(tx)
	for _, w := range batch {
		if w.ack != nil {
			continue
		}
		k := []byte(w.key)
		total -= removeEntry(entries, order, k)
		seq, err := order.NextSequence()
		if err != nil {
			return err
		}
		v := make([]byte, entryHeader+len(w.e.Value))
		binary.BigEndian.PutUint64(v, uint64(w.e.FetchedAt.UnixNano()))
		binary.BigEndian.PutUint64(v[8:], seq)
		if w.e.NotFound {
			v[16] = flagNotFound
		}
		copy(v[entryHeader:], w.e.Value)
		if err := entries.Put(k, v); err != nil {
			return err
		}
		if err := order.Put(v[8:16], k); err != nil {
			return err
		}
		total += diskSize(k, v)
	}
	c := order.Cursor()
	for total > d.maxBytes {
		_, k := c.First()
		if k == nil {
			break
		}
		total -= removeEntry(entries, order, bytes.Clone(k))
		c = order.Cursor()
	}
	return writeBytes(tx, total)
}

// removeEntry deletes key's entry and its order record; it returns the
// bytes they were accounted for (0 when there was none).
func removeEntry(entries, order *bolt.Bucket, key []byte) int64 {
	v := entries.Get(key)
	if v == nil {
		return 0
	}
	size := diskSize(key, v)
	if len(v) >= entryHeader {
		_ = order.Delete(bytes.Clone(v[8:16]))
	}
	_ = entries.Delete(key)
	return size
}

// diskSize is what one entry is accounted for: the key twice (entry and
// order record), the value with its header, and the order key.
func diskSize(key, v []byte) int64 { return int64(2*len(key) + len(v) + 8) }

func readBytes(tx *bolt.Tx) int64 {
	v := tx.Bucket(bucketMeta).Get(metaBytes)
	if len(v) != 8 {
		return 0
	}
	return int64(binary.BigEndian.Uint64(v))
}

func writeBytes(tx *bolt.Tx, n int64) error {
	if n < 0 {
		return errors.New("cache file accounting went negative")
	}
	v := make([]byte, 8)
	binary.BigEndian.PutUint64(v, uint64(n))
	return tx.Bucket(bucketMeta).Put(metaBytes, v)
}
