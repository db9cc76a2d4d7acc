package main

import (
	"encoding/json"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/tim-go/sdk/message"
	"github.com/tim-go/sdk/types"
)

// kind is what a scene message is; each kind has its priority, as Tencent
// recommends: gifts High, chat Normal, likes Low.
type kind int

const (
	kindDanmaku kind = iota // a viewer's text
	kindReply               // the host's answer
	kindGift                // custom "gift"
	kindLike                // custom "like"
	numKinds
)

var kindNames = [numKinds]string{"danmaku", "reply", "gift", "like"}

func (k kind) String() string { return kindNames[k] }

func (k kind) priority() types.Priority {
	switch k {
	case kindGift:
		return types.MsgPriorityHigh
	case kindLike:
		return types.MsgPriorityLow
	}
	return types.MsgPriorityNormal
}

// stamp is the CloudCustomData of every scene message: its send time, from
// which each viewer measures the latency it saw (sender and viewers share
// this process's clock, so it works against any server).
type stamp struct {
	SentAt int64 `json:"sentAt"` // Unix microseconds
}

func encodeStamp(t time.Time) string {
	b, _ := json.Marshal(stamp{SentAt: t.UnixMicro()})
	return string(b)
}

func decodeStamp(s string) (time.Time, bool) {
	var st stamp
	if s == "" || json.Unmarshal([]byte(s), &st) != nil || st.SentAt == 0 {
		return time.Time{}, false
	}
	return time.UnixMicro(st.SentAt), true
}

// The custom payloads: Data names the kind, Description carries the gift
// or the number of taps in a like burst.
const (
	customGift = "gift"
	customLike = "like"
)

var gifts = []string{"rose", "rose", "rose", "heart", "heart", "rocket", "castle"}

func giftPayload() message.CustomPayload {
	return message.CustomPayload{Data: customGift, Description: gifts[rand.IntN(len(gifts))]}
}

func likePayload(taps int) message.CustomPayload {
	return message.CustomPayload{Data: customLike, Description: strconv.Itoa(taps)}
}

// likeTaps is the number of likes a like message carries (0 if it is none).
func likeTaps(p *message.CustomPayload) int {
	if p.Data != customLike {
		return 0
	}
	n, _ := strconv.Atoi(p.Description)
	return n
}

// pick returns a random element of lines.
func pick(lines []string) string { return lines[rand.IntN(len(lines))] }

// Danmaku lines; the questions (with "?") get answers from the host.
var (
	danmaku = []string{
		"hello from Go!", "first time here", "nice stream", "lol", "GG",
		"what game is this?", "how long have you been streaming?", "666",
		"greetings from Shenzhen", "that was close", "can you say hi to me?",
		"which keyboard do you use?", "let's go!!", "so smooth", "haha",
	}
	spam    = []string{"FOLLOW ME!!!", "cheap coins at spam.example", "FOLLOW ME!!! FOLLOW ME!!!", "free gifts, click my profile"}
	answers = []string{"good question!", "thanks for asking", "see the room notice", "coming up next"}
)

func isQuestion(text string) bool { return strings.HasSuffix(text, "?") }
