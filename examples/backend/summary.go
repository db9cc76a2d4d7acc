package main

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"
)

// summary is what a run did, from the backend's side (webhooks, REST) and
// from the scripted viewers' side.
type summary struct {
	Server   string
	Room     string
	Duration time.Duration // from the room's opening to the end of the traffic
	Scripted bool          // scripted viewers ran (the rest of sceneStats is theirs)
	Viewers  int
	Guests   int

	Hooks      hookStats  // what the webhooks decided and saw
	Scene      sceneStats // what the scripted viewers did and saw
	Commands   []string   // moderation commands carried out, with their outcome
	CommandsOK int

	LikesCounted  int64  // written to the room counter by the batcher
	LikesPending  int64  // left unwritten (failed flushes)
	FlushFailures int    // flushes that failed
	CounterStart  int64  // the counter before the run
	CounterFinal  int64  // the counter after the last flush (get_group_counter)
	CounterErr    string // reading it failed

	NoticesSent      int64
	NoticeErrors     int64
	OnlineAtEnd      int   // members the webhooks still count online
	RefusedCallbacks int64 // callbacks refused by the handler (signature, size)
	Errors           []string
}

// NoticesSeen is how many distinct notices reached at least one viewer.
func (s *summary) NoticesSeen() int { return len(s.Scene.Notices) }

// NoticeReceipts is how many times viewers received a notice.
func (s *summary) NoticeReceipts() int {
	n := 0
	for _, c := range s.Scene.Notices {
		n += c
	}
	return n
}

// print writes the summary.
func (s *summary) print(w io.Writer) {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	h, sc := s.Hooks, s.Scene
	p("\nsummary of room %s on %s", s.Room, s.Server)
	if s.Scripted {
		p("  room        %d viewers (%s) and the host, traffic for %v", s.Viewers, plural(s.Guests, "guest"), s.Duration.Round(10*time.Millisecond))
		p("  likes       %d taps in %d messages sent, %d accepted (%d messages), %d dropped over the room's budget",
			sc.LikesSent, sc.LikeMessages, sc.LikesAccepted, sc.LikeMessagesAccepted, sc.LikesDropped)
	}
	p("              %d counted by the after-send webhook (%d messages), %d written to counter %q in batches, %d pending, %d failed flushes",
		h.LikesReported, h.LikeMessages, s.LikesCounted, "likes", s.LikesPending, s.FlushFailures)
	if s.CounterErr != "" {
		p("              counter: %s", s.CounterErr)
	} else {
		p("              counter %d -> %d (get_group_counter)%s", s.CounterStart, s.CounterFinal, seenBy(s.Scripted, fmt.Sprintf(", viewers saw %d", sc.CounterSeen)))
	}
	if s.Scripted {
		p("  danmaku     %d sent (%d blocked words, %d masked words), %d accepted", sc.DanmakuSent, sc.BlockedSent, sc.MaskedSent, sc.DanmakuAccepted)
	}
	p("              webhook: %d reviewed, %d rejected (%d), %d masked", h.Reviewed, h.Rejected, codeBlockedWord, h.Masked)
	if s.Scripted {
		p("              viewers received %d texts: %d starred, %d with a blocked word (must be 0), %d with a masked word in clear (must be 0), %d commands (must be 0)",
			sc.TextReceipts, sc.MaskedSeen, sc.LeakedBlocked, sc.Unmasked, sc.CommandsSeen)
		p("  refused     %s (sends by code, all kinds)", codes(sc.Refused))
	}
	p("  moderation  %d commands taken out of the stream, %d refused, %d carried out over REST:", h.Commands, h.CommandsRefused, s.CommandsOK)
	for _, c := range s.Commands {
		p("                %s", c)
	}
	if s.Scripted {
		p("              %s muted: its sends after the mute got %s", sc.Muted, joinCodes(sc.MutedCodes))
		p("              %s banned: rejoin refused with %s; rejoined after the unban: %v", sc.Banned, codeText(sc.BanRejoinCode), sc.Rejoined)
		p("              a viewer's command: %s", codeText(sc.CriticCode))
	}
	p("  notices     %d sent%s", s.NoticesSent, seenBy(s.Scripted, fmt.Sprintf(", %d seen by viewers (%d receipts)", s.NoticesSeen(), s.NoticeReceipts())))
	p("  members     %d joins, %d exits (%d kicked), peak %d online logged-in users, %d at the end (member webhooks)%s",
		h.Joins, h.Exits, h.Kicked, h.PeakOnline, s.OnlineAtEnd, seenBy(s.Scripted, fmt.Sprintf("; %d online with guests (get_online_member_num)", sc.OnlineAfterJoin)))
	p("  exceptions  %s (Group.CallbackSendMsgException by code)", codes(h.Exceptions))
	if s.RefusedCallbacks > 0 {
		p("  callbacks   %d refused (signature, size)", s.RefusedCallbacks)
	}
	if len(s.Errors) == 0 {
		p("  errors      none")
	}
	for _, e := range s.Errors {
		p("  error       %s", e)
	}
	io.WriteString(w, b.String())
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func seenBy(scripted bool, text string) string {
	if scripted {
		return text
	}
	return ""
}

// codes prints a count per code, lowest code first.
func codes(m map[int]int) string {
	if len(m) == 0 {
		return "none"
	}
	var parts []string
	for _, c := range slices.Sorted(maps.Keys(m)) {
		parts = append(parts, fmt.Sprintf("%d x%d", c, m[c]))
	}
	return strings.Join(parts, ", ")
}

func joinCodes(cs []int) string {
	if len(cs) == 0 {
		return "nothing (no send after the mute)"
	}
	parts := make([]string, len(cs))
	for i, c := range cs {
		parts[i] = fmt.Sprint(c)
	}
	return strings.Join(parts, ", ")
}
