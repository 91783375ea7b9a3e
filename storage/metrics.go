package storage

import (
	"strconv"

	"github.com/prometheus/client_golang/prometheus"
)

// Collector exports Pebble's metrics and the commit statistics of db for
// Prometheus. Register it once per DB.
func (db *DB) Collector() prometheus.Collector { return &collector{db: db} }

type collector struct{ db *DB }

var (
	mDisk        = prometheus.NewDesc("mistral_pebble_disk_usage_bytes", "Disk space used by the Pebble database.", nil, nil)
	mReadAmp     = prometheus.NewDesc("mistral_pebble_read_amplification", "Pebble read amplification (sublevels in L0 plus non-empty levels).", nil, nil)
	mMemSize     = prometheus.NewDesc("mistral_pebble_memtable_size_bytes", "Bytes allocated by memtables.", nil, nil)
	mMemCount    = prometheus.NewDesc("mistral_pebble_memtables", "Number of memtables.", nil, nil)
	mWALSize     = prometheus.NewDesc("mistral_pebble_wal_size_bytes", "Live size of the write-ahead log.", nil, nil)
	mWALWritten  = prometheus.NewDesc("mistral_pebble_wal_written_bytes_total", "Bytes written to the write-ahead log.", nil, nil)
	mFlushes     = prometheus.NewDesc("mistral_pebble_flushes_total", "Memtable flushes.", nil, nil)
	mCompactions = prometheus.NewDesc("mistral_pebble_compactions_total", "Compactions.", nil, nil)
	mDebt        = prometheus.NewDesc("mistral_pebble_compaction_debt_bytes", "Estimated bytes to compact to reach a stable state.", nil, nil)
	mCacheSize   = prometheus.NewDesc("mistral_pebble_block_cache_size_bytes", "Bytes in the block cache.", nil, nil)
	mCacheHits   = prometheus.NewDesc("mistral_pebble_block_cache_hits_total", "Block cache hits.", nil, nil)
	mCacheMiss   = prometheus.NewDesc("mistral_pebble_block_cache_misses_total", "Block cache misses.", nil, nil)
	mTables      = prometheus.NewDesc("mistral_pebble_level_tables", "SSTables per level.", []string{"level"}, nil)
	mLevelBytes  = prometheus.NewDesc("mistral_pebble_level_size_bytes", "Bytes of SSTables per level.", []string{"level"}, nil)
	mCommits     = prometheus.NewDesc("mistral_storage_commits_total", "Synced batch commits.", nil, nil)
	mCommitSecs  = prometheus.NewDesc("mistral_storage_commit_seconds_total", "Time spent committing batches (including fsync).", nil, nil)
	mCommitErrs  = prometheus.NewDesc("mistral_storage_commit_errors_total", "Failed batch commits.", nil, nil)
)

func (c *collector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{mDisk, mReadAmp, mMemSize, mMemCount, mWALSize, mWALWritten,
		mFlushes, mCompactions, mDebt, mCacheSize, mCacheHits, mCacheMiss, mTables, mLevelBytes,
		mCommits, mCommitSecs, mCommitErrs} {
		ch <- d
	}
}

func (c *collector) Collect(ch chan<- prometheus.Metric) {
	m := c.db.pdb.Metrics()
	g := func(d *prometheus.Desc, v float64, l ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v, l...)
	}
	ct := func(d *prometheus.Desc, v float64) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.CounterValue, v)
	}
	g(mDisk, float64(m.DiskSpaceUsage()))
	g(mReadAmp, float64(m.ReadAmp()))
	g(mMemSize, float64(m.MemTable.Size))
	g(mMemCount, float64(m.MemTable.Count))
	g(mWALSize, float64(m.WAL.Size))
	ct(mWALWritten, float64(m.WAL.BytesWritten))
	ct(mFlushes, float64(m.Flush.Count))
	ct(mCompactions, float64(m.Compact.Count))
	g(mDebt, float64(m.Compact.EstimatedDebt))
	g(mCacheSize, float64(m.BlockCache.Size))
	ct(mCacheHits, float64(m.BlockCache.Hits))
	ct(mCacheMiss, float64(m.BlockCache.Misses))
	for i := range m.Levels {
		lvl := strconv.Itoa(i)
		g(mTables, float64(m.Levels[i].TablesCount), lvl)
		g(mLevelBytes, float64(m.Levels[i].TablesSize), lvl)
	}
	ct(mCommits, float64(c.db.commits.Load()))
	ct(mCommitSecs, float64(c.db.commitNanos.Load())/1e9)
	ct(mCommitErrs, float64(c.db.commitErrors.Load()))
}
