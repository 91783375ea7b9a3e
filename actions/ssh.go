package actions

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/mistral-go/mistral-go/value"
)

// SSHConfig tunes std.ssh and std.ssh_proxied. Zero fields take the
// defaults shown.
type SSHConfig struct {
	// KeyDir is where a relative private_key_filename is looked up
	// (default ~/.ssh/ of the user running the executor, as in Mistral).
	KeyDir string
	// DialTimeout bounds connecting and the SSH handshake (default 30s).
	DialTimeout time.Duration
	// MaxOutputBytes bounds the stdout and stderr kept per host (default
	// 16 MiB); longer output fails the command.
	MaxOutputBytes int
}

type sshRunner struct {
	cfg SSHConfig
}

func newSSHRunner(cfg SSHConfig) *sshRunner {
	if cfg.KeyDir == "" {
		if home, err := os.UserHomeDir(); err == nil {
			cfg.KeyDir = filepath.Join(home, ".ssh")
		}
	}
	cfg.DialTimeout = durationOr(cfg.DialTimeout, 30*time.Second)
	cfg.MaxOutputBytes = orDefault(cfg.MaxOutputBytes, 16<<20)
	return &sshRunner{cfg: cfg}
}

// sshJob is a bound std.ssh / std.ssh_proxied invocation.
type sshJob struct {
	r        *sshRunner
	cmd      string
	hosts    []any
	username string
	password string
	keyFile  any
	keyText  any
	// ssh_proxied only:
	proxied      bool
	gateway      string
	gatewayUser  string
	proxyCommand string
}

func (r *sshRunner) bindSSH(args Args) (runFunc, error) { return r.job(args).run, nil }

func (r *sshRunner) job(args Args) *sshJob {
	j := &sshJob{
		r: r, cmd: value.Str(args.Get("cmd")), hosts: hostList(args.Get("host")),
		username: value.Str(args.Get("username")),
		keyFile:  args.Get("private_key_filename"), keyText: args.Get("private_key"),
	}
	if p := args.Get("password"); p != nil {
		j.password = value.Str(p)
	}
	return j
}

func (r *sshRunner) bindProxied(args Args) (runFunc, error) {
	j := r.job(args)
	j.proxied = true
	j.gateway = value.Str(args.Get("gateway_host"))
	j.gatewayUser = j.username
	if u := args.Get("gateway_username"); value.Truthy(u) {
		j.gatewayUser = value.Str(u)
	}
	if pc := args.Get("proxy_command"); value.Truthy(pc) {
		j.proxyCommand = value.Str(pc)
	}
	return j.run, nil
}

// hostList is the host input as a list (Mistral wraps a single host).
func hostList(h any) []any {
	if l, ok := h.([]any); ok {
		return l
	}
	return []any{h}
}

// run executes the command on every host: one host gives its stdout,
// several give the list of stdouts. Any failure raises "Failed to execute
// ssh cmd '<cmd>' on <hosts>" (details are not shown, as in Mistral).
func (j *sshJob) run(ctx context.Context, _ *ExecContext) (any, error) {
	fail := errors.New("Failed to execute ssh cmd '" + j.cmd + "' on " + value.Repr(j.hosts))
	var results []any
	for _, h := range j.hosts {
		out, err := j.runOn(ctx, value.Str(h))
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			return nil, fail
		}
		results = append(results, out)
	}
	switch len(results) {
	case 0:
		return nil, fail
	case 1:
		return results[0], nil
	}
	return results, nil
}

// signer loads the private key: the key text, else the key file
// (absolute, or relative to KeyDir; ".." is refused). password decrypts
// an encrypted key.
func (j *sshJob) signer() (ssh.Signer, error) {
	var pem []byte
	switch {
	case value.Truthy(j.keyText):
		pem = []byte(value.Str(j.keyText))
	case value.Truthy(j.keyFile):
		name := value.Str(j.keyFile)
		if strings.Contains(name, "../") || strings.Contains(name, `..\`) {
			return nil, fmt.Errorf("Private key filename must not contain '..'. Actual: %s", name)
		}
		if !filepath.IsAbs(name) {
			name = filepath.Join(j.r.cfg.KeyDir, name)
		}
		b, err := os.ReadFile(name)
		if err != nil {
			return nil, err
		}
		pem = b
	default:
		return nil, nil
	}
	s, err := ssh.ParsePrivateKey(pem)
	var missing *ssh.PassphraseMissingError
	if errors.As(err, &missing) && j.password != "" {
		s, err = ssh.ParsePrivateKeyWithPassphrase(pem, []byte(j.password))
	}
	return s, err
}

func (j *sshJob) clientConfig(user string, key ssh.Signer, withPassword bool) *ssh.ClientConfig {
	var auth []ssh.AuthMethod
	if key != nil {
		auth = append(auth, ssh.PublicKeys(key))
	}
	if withPassword && j.password != "" {
		auth = append(auth, ssh.Password(j.password))
	}
	return &ssh.ClientConfig{
		User: user,
		Auth: auth,
		// Mistral (paramiko AutoAddPolicy) accepts any host key.
		HostKeyCallback: ssh.InsecureIgnoreHostKey(), //nolint:gosec // Mistral's behaviour
		Timeout:         j.r.cfg.DialTimeout,
	}
}

// runOn runs the command on one host and returns its stdout.
func (j *sshJob) runOn(ctx context.Context, host string) (string, error) {
	key, err := j.signer()
	if err != nil {
		return "", err
	}
	var client, gateway *ssh.Client
	if j.proxied {
		client, gateway, err = j.dialProxied(ctx, host, key)
	} else {
		client, err = j.dial(ctx, "tcp", hostPort(host), j.clientConfig(j.username, key, true), nil)
	}
	if err != nil {
		return "", err
	}
	defer client.Close()
	if gateway != nil {
		defer gateway.Close()
	}
	stop := context.AfterFunc(ctx, func() { client.Close() })
	defer stop()
	sess, err := client.NewSession()
	if err != nil {
		return "", err
	}
	defer sess.Close()
	stdout := &cappedBuffer{max: j.r.cfg.MaxOutputBytes}
	stderr := &cappedBuffer{max: j.r.cfg.MaxOutputBytes}
	sess.Stdout, sess.Stderr = stdout, stderr
	if err := sess.Run(j.cmd); err != nil {
		return "", err
	}
	if stdout.over || stderr.over {
		return "", errors.New("command output is too large")
	}
	return decodeText(stdout.Bytes(), nil), nil
}

// dial connects to addr (through via when set) and does the handshake,
// giving up when ctx is done.
func (j *sshJob) dial(ctx context.Context, network, addr string, cfg *ssh.ClientConfig, via *ssh.Client) (*ssh.Client, error) {
	var conn net.Conn
	var err error
	if via != nil {
		conn, err = via.DialContext(ctx, network, addr)
	} else {
		d := net.Dialer{Timeout: cfg.Timeout}
		conn, err = d.DialContext(ctx, network, addr)
	}
	if err != nil {
		return nil, err
	}
	return handshake(ctx, conn, addr, cfg)
}

func handshake(ctx context.Context, conn net.Conn, addr string, cfg *ssh.ClientConfig) (*ssh.Client, error) {
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	if cfg.Timeout > 0 {
		_ = conn.SetDeadline(time.Now().Add(cfg.Timeout))
	}
	c, chans, reqs, err := ssh.NewClientConn(conn, addr, cfg)
	if err != nil {
		conn.Close()
		return nil, err
	}
	_ = conn.SetDeadline(time.Time{})
	return ssh.NewClient(c, chans, reqs), nil
}

// dialProxied reaches host through the gateway (std.ssh_proxied): the
// gateway is reached directly or through proxy_command, and host is
// reached with a direct-tcpip channel from the gateway. Both logins use
// the private key only, as in Mistral.
func (j *sshJob) dialProxied(ctx context.Context, host string, key ssh.Signer) (target, gateway *ssh.Client, err error) {
	gwCfg := j.clientConfig(j.gatewayUser, key, false)
	var gw *ssh.Client
	if j.proxyCommand != "" {
		var conn net.Conn
		conn, err = startProxyCommand(j.proxyCommand)
		if err == nil {
			gw, err = handshake(ctx, conn, hostPort(j.gateway), gwCfg)
		}
	} else {
		gw, err = j.dial(ctx, "tcp", hostPort(j.gateway), gwCfg, nil)
	}
	if err != nil {
		return nil, nil, err
	}
	target, err = j.dial(ctx, "tcp", hostPort(host), j.clientConfig(j.username, key, false), gw)
	if err != nil {
		gw.Close()
		return nil, nil, err
	}
	return target, gw, nil
}

// hostPort adds SSH's port 22 unless host has a port ("h:2222",
// "[::1]:2222").
func hostPort(host string) string {
	if _, _, err := net.SplitHostPort(host); err == nil {
		return host
	}
	return net.JoinHostPort(strings.Trim(host, "[]"), "22")
}

// cappedBuffer keeps up to max bytes and notes an overflow. It has only
// Write (no ReadFrom that io.Copy would use to bypass the cap).
type cappedBuffer struct {
	buf  bytes.Buffer
	max  int
	over bool
}

func (b *cappedBuffer) Write(p []byte) (int, error) {
	if room := b.max - b.buf.Len(); len(p) > room {
		b.over = true
		if room > 0 {
			b.buf.Write(p[:room])
		}
		return len(p), nil
	}
	return b.buf.Write(p)
}

// Bytes returns what was kept.
func (b *cappedBuffer) Bytes() []byte { return b.buf.Bytes() }

// startProxyCommand runs a proxy command (via /bin/sh) whose stdin and
// stdout carry the SSH connection (its stderr is discarded); closing the
// connection ends it.
func startProxyCommand(command string) (net.Conn, error) {
	cmd := exec.Command("/bin/sh", "-c", command)
	// Its own process group, so that Close ends whatever the shell started.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	return &commandConn{cmd: cmd, in: in, out: out}, nil
}

// commandConn is a net.Conn over a command's stdin and stdout.
type commandConn struct {
	once sync.Once
	cmd  *exec.Cmd
	in   io.WriteCloser
	out  io.ReadCloser
}

func (c *commandConn) Read(p []byte) (int, error)  { return c.out.Read(p) }
func (c *commandConn) Write(p []byte) (int, error) { return c.in.Write(p) }

func (c *commandConn) Close() error {
	c.once.Do(func() {
		c.in.Close()
		_ = syscall.Kill(-c.cmd.Process.Pid, syscall.SIGKILL)
		_ = c.cmd.Wait()
	})
	return nil
}

func (c *commandConn) LocalAddr() net.Addr                { return commandAddr{} }
func (c *commandConn) RemoteAddr() net.Addr               { return commandAddr{} }
func (c *commandConn) SetDeadline(t time.Time) error      { return nil }
func (c *commandConn) SetReadDeadline(t time.Time) error  { return nil }
func (c *commandConn) SetWriteDeadline(t time.Time) error { return nil }

type commandAddr struct{}

func (commandAddr) Network() string { return "proxy-command" }
func (commandAddr) String() string  { return "proxy-command" }
