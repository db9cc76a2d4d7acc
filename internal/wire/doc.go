// Package wire is the only place where tim-js-sdk's wire names are spelled.
//
// Every frame on the WebSocket is one JSON document {"head":{…},"body":{…}}.
// Client frames carry a request head (three shapes: first login, logged in,
// guest); the server echoes the head in replies and uses a short head for
// pushes. Bodies are typed per servcmd in this package; stream items (the
// messages, tips and notices of a live room) are in item.go.
//
// The package has no behaviour beyond encoding: the client (tim, internal/conn)
// and the emulator (internal/server) both build on it, so each can prove the
// other.
package wire
