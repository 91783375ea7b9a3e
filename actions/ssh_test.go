package actions

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/mistral-go/mistral-go/value"
)

// sshPeer is a real OpenSSH server started for a test on a free loopback
// port, with a throw-away host key and user keys.
type sshPeer struct {
	addr     string // 127.0.0.1:port
	user     string
	password string // "" when password logins cannot be set up
	dir      string // key files: id_rsa, id_ed25519, id_rsa_enc (passphrase = password)
	rsaPEM   string
}

const sshTestPassword = "s3cret pw"

func freePort(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	_, p, _ := net.SplitHostPort(ln.Addr().String())
	return p
}

func writePEM(t *testing.T, path string, b *pem.Block) {
	if err := os.WriteFile(path, pem.EncodeToMemory(b), 0o600); err != nil {
		t.Fatal(err)
	}
}

// startSSHD starts /usr/sbin/sshd -D. As root it runs in a private mount
// namespace where /etc/shadow is a copy giving the user a known password,
// so password logins can be tested without touching the machine.
func startSSHD(t *testing.T) *sshPeer {
	t.Helper()
	const sshd = "/usr/sbin/sshd"
	if _, err := os.Stat(sshd); err != nil {
		t.Skip("sshd is not installed (scripts/install-deps.sh installs openssh-server)")
	}
	u, err := user.Current()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	p := &sshPeer{user: u.Username, dir: dir}

	_, hostKey, _ := ed25519.GenerateKey(rand.Reader)
	hb, err := ssh.MarshalPrivateKey(hostKey, "")
	if err != nil {
		t.Fatal(err)
	}
	writePEM(t, filepath.Join(dir, "host_key"), hb)
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	rsaBlock := &pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(rsaKey)}
	p.rsaPEM = string(pem.EncodeToMemory(rsaBlock))
	writePEM(t, filepath.Join(dir, "id_rsa"), rsaBlock)
	encBlock, err := ssh.MarshalPrivateKeyWithPassphrase(rsaKey, "", []byte(sshTestPassword))
	if err != nil {
		t.Fatal(err)
	}
	writePEM(t, filepath.Join(dir, "id_rsa_enc"), encBlock)
	_, edKey, _ := ed25519.GenerateKey(rand.Reader)
	eb, _ := ssh.MarshalPrivateKey(edKey, "")
	writePEM(t, filepath.Join(dir, "id_ed25519"), eb)
	var auth []byte
	for _, k := range []any{&rsaKey.PublicKey, edKey.Public()} {
		pk, err := ssh.NewPublicKey(k)
		if err != nil {
			t.Fatal(err)
		}
		auth = append(auth, ssh.MarshalAuthorizedKey(pk)...)
	}
	if err := os.WriteFile(filepath.Join(dir, "authorized_keys"), auth, 0o600); err != nil {
		t.Fatal(err)
	}
	port := freePort(t)
	p.addr = "127.0.0.1:" + port
	cfg := fmt.Sprintf(`Port %s
ListenAddress 127.0.0.1
HostKey %s/host_key
PidFile %s/sshd.pid
AuthorizedKeysFile %s/authorized_keys
StrictModes no
UsePAM no
PubkeyAuthentication yes
PasswordAuthentication yes
KbdInteractiveAuthentication no
PermitRootLogin yes
AllowTcpForwarding yes
LogLevel ERROR
`, port, dir, dir, dir)
	if err := os.WriteFile(filepath.Join(dir, "sshd_config"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}

	var cmd *exec.Cmd
	if shadow := p.shadowWithPassword(t); shadow != "" {
		_ = os.MkdirAll("/run/sshd", 0o755) // sshd's privilege separation directory
		cmd = exec.Command("unshare", "--mount", "--propagation", "private", "/bin/sh", "-c",
			`mount --bind "$1" /etc/shadow && exec "$2" -D -e -f "$3"`, "sh", shadow, sshd, filepath.Join(dir, "sshd_config"))
		p.password = sshTestPassword
	} else {
		cmd = exec.Command(sshd, "-D", "-e", "-f", filepath.Join(dir, "sshd_config"))
	}
	// sshd dies with the test process even if the test cannot clean up.
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	logf, _ := os.Create(filepath.Join(dir, "sshd.log"))
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		logf.Close()
	})
	for start := time.Now(); ; {
		c, err := net.Dial("tcp", p.addr)
		if err == nil {
			c.Close()
			break
		}
		if time.Since(start) > 10*time.Second {
			log, _ := os.ReadFile(filepath.Join(dir, "sshd.log"))
			t.Fatalf("sshd did not start: %s", log)
		}
		time.Sleep(20 * time.Millisecond)
	}
	return p
}

// shadowWithPassword writes a copy of /etc/shadow in which the user has
// sshTestPassword, and checks that a private mount namespace can be made;
// "" when either is impossible (not root, no unshare).
func (p *sshPeer) shadowWithPassword(t *testing.T) string {
	if os.Getuid() != 0 {
		return ""
	}
	if err := exec.Command("unshare", "--mount", "true").Run(); err != nil {
		return ""
	}
	hash, err := exec.Command("/usr/bin/python3", "-W", "ignore", "-c",
		"import crypt,sys; print(crypt.crypt(sys.argv[1], crypt.mksalt(crypt.METHOD_SHA512)))", sshTestPassword).Output()
	if err != nil {
		return ""
	}
	orig, err := os.ReadFile("/etc/shadow")
	if err != nil {
		return ""
	}
	lines := strings.Split(string(orig), "\n")
	for i, l := range lines {
		f := strings.Split(l, ":")
		if len(f) > 2 && f[0] == p.user {
			f[1] = strings.TrimSpace(string(hash))
			lines[i] = strings.Join(f, ":")
		}
	}
	path := filepath.Join(p.dir, "shadow")
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")), 0o640); err != nil {
		return ""
	}
	return path
}

func runSSH(t *testing.T, reg *Registry, name string, kv ...any) Result {
	t.Helper()
	a, _ := reg.Lookup(name)
	c, err := a.Bind(value.MapOf(kv...))
	if err != nil {
		t.Fatalf("bind: %v", err)
	}
	return c.Run(context.Background(), nil, 0)
}

func TestSSH(t *testing.T) {
	p := startSSHD(t)
	reg := Std(Config{SSH: SSHConfig{KeyDir: p.dir}})
	const cmd = "echo out; echo err >&2"
	t.Run("password", func(t *testing.T) {
		if p.password == "" {
			t.Skip("password logins need root and unshare")
		}
		res := runSSH(t, reg, "std.ssh", "cmd", cmd, "host", p.addr, "username", p.user, "password", p.password)
		if res.State != StateSuccess || res.Data != "out\n" {
			t.Fatalf("%+v", res)
		}
		res = runSSH(t, reg, "std.ssh", "cmd", cmd, "host", p.addr, "username", p.user, "password", "wrong")
		if res.State != StateError || !strings.HasSuffix(res.Data.(string), "msg='Failed to execute ssh cmd 'echo out; echo err >&2' on ['"+p.addr+"']']") {
			t.Fatalf("wrong password: %+v", res)
		}
	})
	keys := map[string][]any{
		"rsa key text":          {"private_key", p.rsaPEM},
		"rsa key file relative": {"private_key_filename", "id_rsa"},
		"ed25519 key file":      {"private_key_filename", filepath.Join(p.dir, "id_ed25519")},
		"encrypted key":         {"private_key_filename", "id_rsa_enc", "password", sshTestPassword},
	}
	for name, kv := range keys {
		t.Run(name, func(t *testing.T) {
			res := runSSH(t, reg, "std.ssh", append([]any{"cmd", cmd, "host", p.addr, "username", p.user}, kv...)...)
			if res.State != StateSuccess || res.Data != "out\n" {
				t.Fatalf("%+v", res)
			}
		})
	}
	t.Run("hosts", func(t *testing.T) {
		res := runSSH(t, reg, "std.ssh", "cmd", "echo $((6*7))", "host", []any{p.addr, p.addr}, "username", p.user, "private_key_filename", "id_rsa")
		if res.State != StateSuccess || value.MarshalPy(res.Data) != `["42\n", "42\n"]` {
			t.Fatalf("%+v", res)
		}
		res = runSSH(t, reg, "std.ssh", "cmd", "echo one", "host", []any{p.addr}, "username", p.user, "private_key_filename", "id_rsa")
		if res.State != StateSuccess || res.Data != "one\n" {
			t.Fatalf("one host in a list: %+v", res)
		}
	})
	t.Run("failures", func(t *testing.T) {
		res := runSSH(t, reg, "std.ssh", "cmd", "exit 3", "host", p.addr, "username", p.user, "private_key_filename", "id_rsa")
		if res.State != StateError || !strings.HasSuffix(res.Data.(string), "msg='Failed to execute ssh cmd 'exit 3' on ['"+p.addr+"']']") {
			t.Fatalf("exit status: %+v", res)
		}
		res = runSSH(t, reg, "std.ssh", "cmd", "true", "host", p.addr, "username", p.user, "private_key_filename", "../etc/id_rsa")
		if res.State != StateError || !strings.Contains(res.Data.(string), "Failed to execute ssh cmd 'true'") {
			t.Fatalf("dot-dot key: %+v", res)
		}
		res = runSSH(t, reg, "std.ssh", "cmd", "true", "host", []any{}, "username", p.user)
		if res.State != StateError || !strings.HasSuffix(res.Data.(string), "on []']") {
			t.Fatalf("no hosts: %+v", res)
		}
	})
	t.Run("cancel", func(t *testing.T) {
		a, _ := reg.Lookup("std.ssh")
		c, _ := a.Bind(value.MapOf("cmd", "sleep 30", "host", p.addr, "username", p.user, "private_key_filename", "id_rsa"))
		start := time.Now()
		if res := c.Run(context.Background(), nil, 300*time.Millisecond); res.State != StateError || !strings.HasSuffix(res.Data.(string), "msg='0.3 seconds']") {
			t.Fatalf("%+v", res)
		}
		if time.Since(start) > 10*time.Second {
			t.Fatal("ssh did not stop")
		}
	})
	t.Run("proxied", func(t *testing.T) {
		res := runSSH(t, reg, "std.ssh_proxied", "cmd", "echo via gateway", "host", p.addr, "username", p.user,
			"private_key_filename", "id_rsa", "gateway_host", p.addr)
		if res.State != StateSuccess || res.Data != "via gateway\n" {
			t.Fatalf("gateway: %+v", res)
		}
		_, port, _ := net.SplitHostPort(p.addr)
		relay := `/usr/bin/python3 -c 'import socket,sys,threading
s=socket.create_connection(("127.0.0.1",` + port + `))
def up():
    for b in iter(lambda: sys.stdin.buffer.read1(65536), b""): s.sendall(b)
threading.Thread(target=up, daemon=True).start()
for d in iter(lambda: s.recv(65536), b""): sys.stdout.buffer.write(d); sys.stdout.buffer.flush()'`
		res = runSSH(t, reg, "std.ssh_proxied", "cmd", "echo via command", "host", p.addr, "username", p.user,
			"private_key", p.rsaPEM, "private_key_filename", nil, "gateway_host", "gateway.invalid", "gateway_username", p.user, "proxy_command", relay)
		if res.State != StateSuccess || res.Data != "via command\n" {
			t.Fatalf("proxy command: %+v", res)
		}
	})
}

// TestCappedBufferThroughCopy checks the output cap holds when the
// buffer is filled by io.Copy (as ssh sessions fill Stdout).
func TestCappedBufferThroughCopy(t *testing.T) {
	b := &cappedBuffer{max: 10}
	if _, err := io.Copy(b, strings.NewReader(strings.Repeat("x", 100))); err != nil {
		t.Fatal(err)
	}
	if !b.over || len(b.Bytes()) != 10 {
		t.Fatalf("kept %d bytes, over=%v; want 10, true", len(b.Bytes()), b.over)
	}
}
