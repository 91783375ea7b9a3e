package load

import (
	"bytes"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// clockTick is USER_HZ, the unit of the CPU times in /proc (100 on every
// Linux architecture Go supports).
const clockTick = 100

// Server names the processes whose CPU time is charged to the server:
// each root process and all its descendants (children that have exited
// are counted through their parents' cutime/cstime, as bench.py does).
type Server struct {
	// Pids are root processes, e.g. a mistrald.
	Pids []int
	// PidDir holds *.pid files naming more roots (the real Mistral's
	// /var/lib/mistral-anchor/run), one group per file.
	PidDir string
}

// CPUSample is one reading of the machine's and the server's CPU time.
type CPUSample struct {
	at            time.Time
	busy, total   uint64
	groups        map[string]float64
	client        float64
	machineCPUs   int
	groupsPresent bool
}

// CPU is the CPU used during a phase.
type CPU struct {
	// MachineBusyPct is how busy all cores were, in percent.
	MachineBusyPct float64 `json:"machine_busy_pct"`
	// Cores is the number of cores.
	Cores int `json:"cores"`
	// Server is the CPU seconds of each server process group.
	Server map[string]float64 `json:"server_cpu_s,omitempty"`
	// ServerTotal is their sum.
	ServerTotal float64 `json:"server_cpu_s_total"`
	// Client is the load generator's own CPU seconds.
	Client float64 `json:"client_cpu_s"`
	// Other is the CPU seconds anything else on the machine used: a
	// noisy-neighbour indicator.
	Other float64 `json:"other_cpu_s"`
	// Measured is false when no server process was named.
	Measured bool `json:"server_measured"`
}

// Sample reads the CPU counters now.
func (s Server) Sample() CPUSample {
	out := CPUSample{at: time.Now(), machineCPUs: numCPU()}
	out.busy, out.total = machineTimes()
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) == nil {
		out.client = float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
	}
	roots := map[string]int{}
	for _, p := range s.Pids {
		roots["pid "+strconv.Itoa(p)] = p
	}
	if s.PidDir != "" {
		files, _ := filepath.Glob(filepath.Join(s.PidDir, "*.pid"))
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				continue
			}
			fs := strings.Fields(string(data))
			if len(fs) == 0 {
				continue
			}
			if p, err := strconv.Atoi(fs[0]); err == nil {
				roots[strings.TrimSuffix(filepath.Base(f), ".pid")] = p
			}
		}
	}
	if len(roots) == 0 {
		return out
	}
	out.groupsPresent = true
	children := childrenOf()
	out.groups = map[string]float64{}
	for name, root := range roots {
		var jif uint64
		seen := map[int]bool{}
		stack := []int{root}
		for len(stack) > 0 {
			p := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if seen[p] {
				continue
			}
			seen[p] = true
			_, t, _ := procStat(p)
			jif += t
			stack = append(stack, children[p]...)
		}
		out.groups[name] = float64(jif) / clockTick
	}
	return out
}

// Since returns the CPU used between a and b.
func (b CPUSample) Since(a CPUSample) CPU {
	c := CPU{Cores: b.machineCPUs, Measured: b.groupsPresent}
	if tot := b.total - a.total; tot > 0 {
		c.MachineBusyPct = 100 * float64(b.busy-a.busy) / float64(tot)
	}
	if c.Measured {
		c.Server = map[string]float64{}
		for k, v := range b.groups {
			d := round2(v - a.groups[k])
			c.Server[k] = d
			c.ServerTotal += d
		}
		c.ServerTotal = round2(c.ServerTotal)
	}
	c.Client = round2(b.client - a.client)
	c.Other = round2(float64(b.busy-a.busy)/clockTick - c.ServerTotal - c.Client)
	return c
}

func round2(f float64) float64 { return float64(int64(f*100+0.5)) / 100 }

// machineTimes returns busy and total jiffies of all cores from /proc/stat.
func machineTimes() (busy, total uint64) {
	data, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0, 0
	}
	line, _, _ := bytes.Cut(data, []byte{'\n'})
	fs := strings.Fields(string(line))
	if len(fs) < 5 || fs[0] != "cpu" {
		return 0, 0
	}
	var idle uint64
	for i, f := range fs[1:] {
		if i >= 8 {
			break
		}
		v, _ := strconv.ParseUint(f, 10, 64)
		total += v
		if i == 3 || i == 4 {
			idle += v
		}
	}
	return total - idle, total
}

func numCPU() int {
	data, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0
	}
	n := 0
	for _, l := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(l, "cpu") && len(l) > 3 && l[3] >= '0' && l[3] <= '9' {
			n++
		}
	}
	return n
}

// procStat returns the parent pid and the CPU jiffies (utime, stime,
// cutime, cstime) of process pid.
func procStat(pid int) (ppid int, jiffies uint64, ok bool) {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, 0, false
	}
	i := bytes.LastIndexByte(data, ')')
	if i < 0 {
		return 0, 0, false
	}
	fs := strings.Fields(string(data[i+1:]))
	// fs[0] is field 3 (state): ppid is field 4, utime..cstime 14..17.
	if len(fs) < 15 {
		return 0, 0, false
	}
	ppid, _ = strconv.Atoi(fs[1])
	for _, f := range fs[11:15] {
		v, _ := strconv.ParseUint(f, 10, 64)
		jiffies += v
	}
	return ppid, jiffies, true
}

// childrenOf maps every process to its children.
func childrenOf() map[int][]int {
	ents, err := os.ReadDir("/proc")
	out := map[int][]int{}
	if err != nil {
		return out
	}
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if pp, _, ok := procStat(pid); ok {
			out[pp] = append(out[pp], pid)
		}
	}
	for _, c := range out {
		sort.Ints(c)
	}
	return out
}
