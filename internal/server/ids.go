package server

import (
	"crypto/rand"
	"encoding/hex"
	mrand "math/rand/v2"
)

// randomHex returns n random bytes in hex: A2 keys and long-poll keys.
func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// randomInstID is a non-zero instance ID (the SDK suppresses some kick
// events when it is 0).
func randomInstID() uint64 { return uint64(mrand.Uint32()|1) + 1<<20 }

// randomMsgRandom is a MsgRandom for server-made items. Values 1 and 2 are
// avoided: tim-js-sdk treats a notice whose sequence and random are both 1,
// or both 2, as a server default and replaces them.
func randomMsgRandom() uint32 {
	for {
		if r := mrand.Uint32(); r > 2 {
			return r
		}
	}
}

// groupIDAlphabet is what Tencent's generated group IDs use after "@TGS#a".
const groupIDAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

// newGroupID generates an AVChatRoom ID in Tencent's shape, "@TGS#aXXXXXXXX".
func newGroupID() string {
	b := []byte("@TGS#a00000000")
	for i := 6; i < len(b); i++ {
		b[i] = groupIDAlphabet[mrand.IntN(len(groupIDAlphabet))]
	}
	return string(b)
}
