// Package storage is the only package that knows Pebble. It keeps typed
// collections of records, one keyspace per collection, with secondary index
// keys so that the list queries of the REST API cost O(page) on their
// default order, and a list query engine (filters with Mistral's operator
// prefixes, sort keys and directions, marker, limit) shared by every
// resource.
//
// # Key layout
//
// Every key of a collection starts with the collection's keyspace name and
// a zero byte; the next byte says what the key is:
//
//	<ks> 0x00 'r' <id>                                  -> encoded record
//	<ks> 0x00 'c' <created:8 BE> <id>                   -> (empty) created-at order
//	<ks> 0x00 'x' <index#> <escaped value> 0x00 0x01 <created:8 BE> <id>
//	                                                    -> (empty) equality index
//	<ks> 0x00 'u' <unique#> <unique key>                -> id of the owner
//
// The created-at index gives Mistral's default list order (created_at, id);
// an equality index gives the same order restricted to one field value, so
// "the tasks of execution X, oldest first" is a prefix scan.
//
// # Writes
//
// Every mutation is one atomic Pebble batch committed with pebble.Sync;
// Pebble's group commit lets concurrent writers share fsyncs. A Write locks
// only the collections that have unique constraints and that the caller
// names, in a fixed order, so definitions are serialized per collection
// while writes to other collections never wait on them.
package storage
