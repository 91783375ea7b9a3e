// Package golden replays workflow cases recorded on the real Mistral 15
// against a running mistrald and compares the outcomes field by field.
//
// A case (cases/NNN_name.yaml) holds the definitions to upload, the
// execution to start and the operator steps to perform; record.py ran
// every case on Mistral 15 and wrote recordings/NNN_name.json. Replay
// performs the same requests over HTTP, builds the same normalised
// recording (ids, timestamps, Python tracebacks and expression data
// dumps removed) and Compare reports each difference with its path, e.g.
// "execution.tasks[t2].state_info". Differences listed in deviations.md
// are deliberate and tolerated. README.md documents the case format.
//
// Run compares every case against one base URL; the package test runs it
// against MISTRALD_URL when set, otherwise against a mistrald started by
// the e2e harness.
package golden
