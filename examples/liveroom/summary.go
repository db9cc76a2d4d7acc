package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"
)

// report is the outcome of a scene: the summary prints it, tests read it.
type report struct {
	room     string
	traffic  time.Duration // how long viewers sent
	rate     float64
	viewers  int
	guests   int
	rows     []row // per priority, highest first
	busy     int64 // ticks skipped: too many sends on their way
	limited  bool  // one UserSig: no logged-in viewers, no admin
	noAdmin  bool
	muted    string
	mutedAt  time.Duration // since the traffic began
	refused  int64         // sends refused with 10017
	muteSeen int           // viewers that saw the mute tip
	notice   string
	noticeBy int
	likes    int64 // likes the server accepted
	field    string
	written  bool  // the like total was written to the room
	fieldVal int64 // the last value written
	fieldBy  int   // viewers that saw it
	printed  int   // feed lines
	skipped  int   // feed lines sampled out
	errs     []string
	nErr     int
}

// report collects the scene's outcome.
func (s *scene) report(traffic time.Duration) *report {
	r := &report{
		room:    s.room,
		traffic: traffic, rate: s.cfg.Rate, viewers: len(s.viewers), rows: s.stats.rows(), busy: s.busy.Load(),
		noAdmin: s.b.admin == nil, limited: s.spammer == nil,
		muted: s.script.muted, refused: s.script.refusals.Load(),
		notice: s.script.notice, likes: s.likeTotal.Load(), field: s.cfg.LikeField,
		written: s.script.likesWritten, fieldVal: s.script.likes,
	}
	r.guests = s.countViewers(func(v *member) bool { return v.guest })
	r.muteSeen = s.countViewers(func(v *member) bool { return v.muteSeen.Load() })
	r.noticeBy = s.noticeSeenBy()
	r.fieldBy = s.likesSeenBy()
	if r.muted != "" {
		r.mutedAt = s.script.mutedAt.Sub(s.feed.start)
	}
	r.printed, r.skipped = s.feed.counts()
	r.errs, r.nErr = s.stats.errorList()
	return r
}

// total sums the rows.
func (r *report) total() row {
	var t row
	for _, x := range r.rows {
		t.attempted += x.attempted
		t.sent += x.sent
		t.refused += x.refused
		t.failed += x.failed
		t.expected += x.expected
		t.delivered += x.delivered
		t.dropped += x.dropped
		t.partial += x.partial
		t.extra += x.extra
	}
	return t
}

// print writes the summary table and the notes under it.
func (r *report) print(w io.Writer) {
	fmt.Fprintf(w, "\nsummary: %v of traffic at %g msg/s asked, %d viewers (%d logged in, %d guests) and the host\n\n",
		r.traffic.Round(time.Millisecond), r.rate, r.viewers, r.viewers-r.guests, r.guests)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "priority\tkinds\tsent\trefused\tfailed\texpected\tdelivered\tdropped\tp50\tp99\t")
	for _, x := range r.rows {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%d\t%d\t%d\t%s\t%s\t\n", x.prio, strings.Join(x.kinds, "+"),
			x.sent, x.refused, x.failed, x.expected, x.delivered, x.dropped, ms(x.p50), ms(x.p99))
	}
	t := r.total()
	fmt.Fprintf(tw, "total\t\t%d\t%d\t%d\t%d\t%d\t%d\t\t\t\n", t.sent, t.refused, t.failed, t.expected, t.delivered, t.dropped)
	tw.Flush()

	fmt.Fprintln(w, "\n  sent: accepted by the server; refused: 10017, the muted spammer; expected: sent × viewers in the room")
	fmt.Fprintln(w, "  but the sender; delivered: viewer receipts; dropped: accepted but received by no viewer;")
	fmt.Fprintln(w, "  p50/p99: send → a viewer's MESSAGE_RECEIVED handler, over every receipt.")
	if t.partial > 0 {
		fmt.Fprintf(w, "  %d messages reached some viewers but not all.\n", t.partial)
	}
	if t.extra > 0 {
		fmt.Fprintf(w, "  %d receipts were duplicates.\n", t.extra)
	}
	if r.busy > 0 {
		fmt.Fprintf(w, "  %d sends skipped: too many were waiting for their replies.\n", r.busy)
	}
	fmt.Fprintln(w)
	r.printScript(w)
	fmt.Fprintf(w, "feed:    %d lines shown, %d sampled out\n", r.printed, r.skipped)
	if r.nErr == 0 {
		fmt.Fprintln(w, "errors:  none")
		return
	}
	fmt.Fprintf(w, "errors:  %d\n", r.nErr)
	for _, e := range r.errs {
		fmt.Fprintf(w, "  %s\n", e)
	}
}

// printScript tells what came of the admin's actions.
func (r *report) printScript(w io.Writer) {
	if r.noAdmin {
		fmt.Fprintln(w, "limited: with one UserSig only the host logs in (viewers are guests and only watch), and without")
		fmt.Fprintln(w, "         the secret there is no admin UserSig for the REST API: no mute, notice or like total.")
		return
	}
	switch {
	case r.muted != "":
		fmt.Fprintf(w, "mute:    %s muted at %s over REST (tip seen by %d/%d viewers); %d sends refused with 10017 after it\n",
			r.muted, clock(r.mutedAt), r.muteSeen, r.viewers, r.refused)
	case r.limited:
		fmt.Fprintln(w, "mute:    no logged-in viewer to mute")
	default:
		fmt.Fprintln(w, "mute:    not reached (stopped early)")
	}
	if r.notice != "" {
		fmt.Fprintf(w, "notice:  %q seen by %d/%d viewers\n", r.notice, r.noticeBy, r.viewers)
	} else {
		fmt.Fprintln(w, "notice:  not sent")
	}
	switch {
	case r.field == "":
		fmt.Fprintf(w, "likes:   %d accepted (room field off)\n", r.likes)
	case r.written:
		fmt.Fprintf(w, "likes:   %d accepted; room field %q = %d, seen by %d/%d viewers\n",
			r.likes, r.field, r.fieldVal, r.fieldBy, r.viewers)
	default:
		fmt.Fprintf(w, "likes:   %d accepted; room field %q not written\n", r.likes, r.field)
	}
}

// ms formats a latency; "-" when none was measured.
func ms(d time.Duration) string {
	if d == 0 {
		return "-"
	}
	if d < time.Second {
		return fmt.Sprintf("%.1fms", float64(d)/float64(time.Millisecond))
	}
	return d.Round(10 * time.Millisecond).String()
}

// clock formats a time since the start as the feed does.
func clock(d time.Duration) string {
	return fmt.Sprintf("%02d:%06.3f", int(d/time.Minute), (d % time.Minute).Seconds())
}
