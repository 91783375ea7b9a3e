package actions

import (
	"bufio"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/mistral-go/mistral-go/value"
)

// smtpSink is testdata/smtpsink.py (Debian python3-aiosmtpd) serving on a
// free loopback port and saving what it receives.
type smtpSink struct {
	addr string
	dir  string
}

func startSMTPSink(t *testing.T, args ...string) *smtpSink {
	t.Helper()
	if err := exec.Command("/usr/bin/python3", "-c", "import aiosmtpd").Run(); err != nil {
		t.Skip("python3-aiosmtpd is not installed (scripts/install-deps.sh installs it)")
	}
	s := &smtpSink{dir: t.TempDir()}
	port := freePort(t)
	s.addr = "127.0.0.1:" + port
	cmd := exec.Command("/usr/bin/python3", append([]string{"testdata/smtpsink.py", "--port", port, "--dir", s.dir}, args...)...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stdin.Close()
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
	})
	ready := make(chan bool, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		ready <- sc.Scan() && sc.Text() == "ready"
		for sc.Scan() {
		}
	}()
	select {
	case ok := <-ready:
		if !ok {
			t.Fatal("smtp sink did not start")
		}
	case <-time.After(15 * time.Second):
		t.Fatal("smtp sink did not start in time")
	}
	return s
}

// message waits for the n-th saved message.
func (s *smtpSink) message(t *testing.T, n int) *value.Map {
	t.Helper()
	path := filepath.Join(s.dir, value.Str(int64(n))+".json")
	for start := time.Now(); time.Since(start) < 10*time.Second; time.Sleep(10 * time.Millisecond) {
		if b, err := os.ReadFile(path); err == nil {
			v, err := value.Decode(b)
			if err != nil {
				t.Fatal(err)
			}
			return v.(*value.Map)
		}
	}
	t.Fatalf("message %d never arrived", n)
	return nil
}

// selfSignedCert writes a certificate and key for 127.0.0.1.
func selfSignedCert(t *testing.T) (certFile, keyFile string) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)},
		NotBefore:   time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kb, _ := x509.MarshalECPrivateKey(key)
	dir := t.TempDir()
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	writePEM(t, certFile, &pem.Block{Type: "CERTIFICATE", Bytes: der})
	writePEM(t, keyFile, &pem.Block{Type: "EC PRIVATE KEY", Bytes: kb})
	return certFile, keyFile
}

func runEmail(t *testing.T, in *value.Map) Result {
	t.Helper()
	a, _ := std.Lookup("std.email")
	c, err := a.Bind(in)
	if err != nil {
		t.Fatal(err)
	}
	return c.Run(context.Background(), nil, 0)
}

var boundaryRE = regexp.MustCompile(`===============\d{19}==`)

// TestEmailMatchesOracle sends the messages Mistral 15 sent to the same
// kind of sink (testdata/oracle_email.json) and compares the bytes
// received: headers, encodings, multipart layout, envelope.
func TestEmailMatchesOracle(t *testing.T) {
	sink := startSMTPSink(t)
	for i, c := range loadJSON(t, "oracle_email.json").([]any) {
		in := field(c, "input").(*value.Map).Clone()
		in.Set("smtp_server", sink.addr)
		res := runEmail(t, in)
		if res.State != StateSuccess || res.Data != nil {
			t.Fatalf("%s: %+v", field(c, "case"), res)
		}
		got := sink.message(t, i+1)
		for _, k := range []string{"mail_from", "rcpt_tos"} {
			if !value.Equal(field(got, k), field(c, k)) {
				t.Errorf("%s: %s = %s, oracle %s", field(c, "case"), k, value.MarshalPy(field(got, k)), value.MarshalPy(field(c, k)))
			}
		}
		data, want := field(got, "data").(string), field(c, "data").(string)
		if boundaryRE.ReplaceAllString(data, "B") != boundaryRE.ReplaceAllString(want, "B") {
			t.Errorf("%s: message\n got %q\nwant %q", field(c, "case"), data, want)
		}
	}
}

func TestEmailStartTLSAndLogin(t *testing.T) {
	cert, key := selfSignedCert(t)
	for _, mech := range []string{"PLAIN", "LOGIN"} {
		t.Run(mech, func(t *testing.T) {
			args := []string{"--cert", cert, "--key", key, "--user", "me@x.org", "--password", "pw"}
			if mech == "LOGIN" {
				args = append(args, "--no-plain")
			}
			sink := startSMTPSink(t, args...)
			in := value.MapOf("from_addr", "me@x.org", "to_addrs", []any{"you@x.org"}, "smtp_server", sink.addr,
				"smtp_password", "pw", "subject", "s", "body", "b")
			if res := runEmail(t, in); res.State != StateSuccess {
				t.Fatalf("%+v", res)
			}
			m := sink.message(t, 1)
			if field(m, "tls") != true || field(m, "login") != "me@x.org" {
				t.Errorf("tls/login: %s", value.MarshalPy(m))
			}
			in.Set("smtp_password", "wrong")
			res := runEmail(t, in)
			if res.State != StateError || !strings.Contains(res.Data.(string), "msg='Failed to send an email message: 535") {
				t.Errorf("wrong password: %+v", res)
			}
		})
	}
}

func TestEmailFailures(t *testing.T) {
	sink := startSMTPSink(t)
	in := value.MapOf("from_addr", "a@x.org", "to_addrs", "b@x.org", "smtp_server", sink.addr, "smtp_password", "pw")
	res := runEmail(t, in)
	if res.State != StateError || !strings.HasSuffix(res.Data.(string), "msg='Failed to send an email message: STARTTLS extension not supported by server.']") {
		t.Errorf("no STARTTLS: %+v", res)
	}
	in.Delete("smtp_password")
	if res := runEmail(t, in); res.State != StateSuccess {
		t.Errorf("single address string: %+v", res)
	} else if m := sink.message(t, 1); value.MarshalPy(field(m, "rcpt_tos")) != `["b@x.org"]` {
		t.Errorf("rcpt: %s", value.MarshalPy(m))
	}
	in.Set("smtp_server", "127.0.0.1:"+freePort(t))
	if res := runEmail(t, in); res.State != StateError || !strings.Contains(res.Data.(string), "msg='Failed to send an email message: ") {
		t.Errorf("refused: %+v", res)
	}
}

func TestEncodeSubject(t *testing.T) {
	for in, want := range map[string]string{
		"Héllo":        "=?utf-8?b?SMOpbGxv?=",
		"<No subject>": "=?utf-8?q?=3CNo_subject=3E?=",
		"":             "=?utf-8?q??=",
		"日本語":          "=?utf-8?b?5pel5pys6Kqe?=",
	} {
		if got := encodeSubject(in); got != want {
			t.Errorf("encodeSubject(%q) = %q, want %q", in, got, want)
		}
	}
}
