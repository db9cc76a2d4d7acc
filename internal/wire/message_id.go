package wire

import "strconv"

// AppendMessageID appends a message's ID to b as tim-js-sdk builds it on
// the sender and every receiver alike: "<senderTinyID>-<clientTime>-<random>"
// (wire-protocol.md 7): the sender's TinyId, the message's client time
// (MsgClientTime, or MsgTimeStamp when a REST message has none) in Unix
// seconds, and its Random (a C2C message's MsgRandom).
func AppendMessageID(b []byte, senderTinyID string, clientTime int64, random uint32) []byte {
	b = append(b, senderTinyID...)
	b = append(b, '-')
	b = strconv.AppendInt(b, clientTime, 10)
	b = append(b, '-')
	return strconv.AppendUint(b, uint64(random), 10)
}

// MessageID is AppendMessageID as a string, with the string as its only
// allocation.
func MessageID(senderTinyID string, clientTime int64, random uint32) string {
	var buf [64]byte
	return string(AppendMessageID(buf[:0], senderTinyID, clientTime, random))
}
