package actions

import (
	"encoding/base64"
	"math/rand/v2"
	"strconv"
	"strings"
)

// The message std.email sends is built the way Python's email package
// builds it for Mistral (MIMEText / MIMEMultipart('alternative') with the
// utf-8 charset, compat32 policy), so that receivers see the same bytes.

// emailMessage is the text of one message, with CRLF line ends.
func emailMessage(from string, to, cc, replyTo []string, subject, body, html string) []byte {
	var b strings.Builder
	if html == "" {
		b.WriteString("Content-Type: text/plain; charset=\"utf-8\"\r\nMIME-Version: 1.0\r\nContent-Transfer-Encoding: base64\r\n")
		writeTopHeaders(&b, from, to, cc, replyTo, subject)
		b.WriteString("\r\n")
		b.WriteString(base64Body(body))
		return []byte(b.String())
	}
	boundary := "===============" + strconv.FormatUint(rand.Uint64N(1e19-1e18)+1e18, 10) + "=="
	b.WriteString("Content-Type: multipart/alternative; boundary=\"" + boundary + "\"\r\nMIME-Version: 1.0\r\n")
	writeTopHeaders(&b, from, to, cc, replyTo, subject)
	b.WriteString("\r\n")
	for _, part := range [...][2]string{{"plain", body}, {"html", html}} {
		b.WriteString("--" + boundary + "\r\n")
		b.WriteString("Content-Type: text/" + part[0] + "; charset=\"utf-8\"\r\nMIME-Version: 1.0\r\nContent-Transfer-Encoding: base64\r\n\r\n")
		b.WriteString(base64Body(part[1]))
		b.WriteString("\r\n")
	}
	b.WriteString("--" + boundary + "--\r\n")
	return []byte(b.String())
}

func writeTopHeaders(b *strings.Builder, from string, to, cc, replyTo []string, subject string) {
	b.WriteString("Subject: " + encodeSubject(subject) + "\r\n")
	b.WriteString("From: " + from + "\r\n")
	b.WriteString(listHeader("Reply-To: ", replyTo))
	b.WriteString(listHeader("To: ", to))
	if len(cc) > 0 {
		b.WriteString(listHeader("cc: ", cc))
	}
}

// listHeader writes "Name: a, b, c". Python's generator does not fold
// these headers for Mistral's messages, however long.
func listHeader(name string, items []string) string {
	return name + strings.Join(items, ", ") + "\r\n"
}

// base64Body is email.base64mime.body_encode: 57 input bytes per 76
// character line.
func base64Body(s string) string {
	var b strings.Builder
	for p := []byte(s); len(p) > 0; {
		n := min(len(p), 57)
		b.WriteString(base64.StdEncoding.EncodeToString(p[:n]))
		b.WriteString("\r\n")
		p = p[n:]
	}
	return b.String()
}

// qpSafe are the bytes the RFC 2047 Q encoding keeps as they are.
func qpSafe(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-!*+/", c) >= 0
}

func qpLen(p []byte) int {
	n := 0
	for _, c := range p {
		if qpSafe(c) || c == ' ' {
			n++
		} else {
			n += 3
		}
	}
	return n
}

func b64Len(p []byte) int { return (len(p) + 2) / 3 * 4 }

// encodeSubject is Header(subject, 'utf-8') as Mistral's messages carry
// it: one RFC 2047 encoded word, B or Q, whichever is shorter (Q on a
// tie), never folded.
func encodeSubject(s string) string {
	p := []byte(s)
	if b64Len(p) < qpLen(p) {
		return b64Word(p)
	}
	return qpWord(p)
}

func b64Word(p []byte) string { return "=?utf-8?b?" + base64.StdEncoding.EncodeToString(p) + "?=" }

func qpWord(p []byte) string {
	var b strings.Builder
	b.WriteString("=?utf-8?q?")
	for _, c := range p {
		switch {
		case qpSafe(c):
			b.WriteByte(c)
		case c == ' ':
			b.WriteByte('_')
		default:
			b.WriteByte('=')
			b.WriteByte("0123456789ABCDEF"[c>>4])
			b.WriteByte("0123456789ABCDEF"[c&15])
		}
	}
	b.WriteString("?=")
	return b.String()
}
