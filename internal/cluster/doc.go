// Package cluster runs the emulator as several nodes serving one
// application together, on NATS JetStream: each room's stream is one
// JetStream subject (RoomLog, the internal/server.RoomLog of a node), and
// Embedded starts a nats-server in-process for one-command clusters and
// tests. Only the scale-out path imports it; internal/server, tim and
// tim/timtest never depend on NATS.
package cluster
