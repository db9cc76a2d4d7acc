package conn

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"io"
	"math/big"
	"net"
	"testing"
	"time"
	"unsafe"
)

// The crypto/tls fields dropTLSInput frees (rawInput, input, hand) are there under the names and
// types it expects; otherwise it does nothing, and idle TLS viewers keep
// their largest record's buffer again.
func TestTLSInputFieldsFound(t *testing.T) {
	if !tlsInputFound {
		t.Fatal("crypto/tls.Conn has no rawInput bytes.Buffer and input bytes.Reader: dropTLSInput is a no-op")
	}
}

// tlsPair is a client and a server TLS connection over loopback, handshake done.
func tlsPair(t *testing.T) (client, server *tls.Conn) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), DNSNames: []string{"localhost"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	roots := x509.NewCertPool()
	roots.AddCert(cert)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	done := make(chan *tls.Conn, 1)
	go func() {
		nc, err := ln.Accept()
		if err != nil {
			done <- nil
			return
		}
		sc := tls.Server(nc, &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}},
			DynamicRecordSizingDisabled: true}) // full 16 KB records from the first write
		_ = sc.Handshake()
		done <- sc
	}()
	cc, err := tls.Dial("tcp", ln.Addr().String(), &tls.Config{RootCAs: roots, ServerName: "localhost"})
	if err != nil {
		t.Fatal(err)
	}
	server = <-done
	if server == nil {
		t.Fatal("accept failed")
	}
	t.Cleanup(func() { cc.Close(); server.Close() })
	return cc, server
}

func rawInputCap(c *tls.Conn) int {
	return (*bytes.Buffer)(unsafe.Add(unsafe.Pointer(c), rawInputOffset)).Cap()
}

func handCap(c *tls.Conn) int {
	return (*bytes.Buffer)(unsafe.Add(unsafe.Pointer(c), handOffset)).Cap()
}

// After a 16 KB record is read whole, the buffer it left (and the handshake
// buffer) is dropped and the
// connection reads on; while bytes of a record are still unread, nothing is
// dropped and they arrive intact.
func TestDropTLSInput(t *testing.T) {
	cc, sc := tlsPair(t)
	big := bytes.Repeat([]byte("0123456789abcdef"), 1024) // one 16 KB record
	go func() { _, _ = sc.Write(big) }()
	got := make([]byte, len(big))
	if _, err := io.ReadFull(cc, got[:10]); err != nil {
		t.Fatal(err)
	}
	before := rawInputCap(cc)
	if before < len(big) {
		t.Fatalf("record buffer %d bytes after a %d-byte record", before, len(big))
	}
	if handCap(cc) == 0 {
		t.Fatal("no handshake buffer after the handshake")
	}
	dropTLSInput(cc) // the rest of the record is unread: kept
	if rawInputCap(cc) != before {
		t.Fatalf("dropped with unread bytes: %d → %d", before, rawInputCap(cc))
	}
	if _, err := io.ReadFull(cc, got[10:]); err != nil || !bytes.Equal(got, big) {
		t.Fatalf("record damaged: %v", err)
	}
	dropTLSInput(cc)
	if c := rawInputCap(cc); c != 0 {
		t.Fatalf("record buffer still %d bytes once read", c)
	}
	if c := handCap(cc); c != 0 {
		t.Fatalf("handshake buffer still %d bytes", c)
	}
	go func() { _, _ = sc.Write([]byte("after")) }()
	small := make([]byte, 5)
	if _, err := io.ReadFull(cc, small); err != nil || string(small) != "after" {
		t.Fatalf("read after the drop: %q, %v", small, err)
	}
	if c := rawInputCap(cc); c >= minDroppedInput {
		t.Fatalf("a 5-byte record took a %d-byte buffer", c)
	}
	dropTLSInput(&tls.Conn{}) // a connection without input: nothing to do
	dropTLSInput(nil)         // not TLS: nothing to do
}
