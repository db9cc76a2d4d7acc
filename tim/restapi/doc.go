// Package restapi calls Tencent Cloud IM's REST API as the App admin: what
// a live room's business backend does to create rooms, send gifts and
// notices as the host, mute, ban and kick, count likes and read the room.
//
//	c, err := restapi.New(restapi.Config{SDKAppID: 1400000001, SecretKey: key, Region: restapi.RegionSingapore})
//	room, err := c.CreateRoom(ctx, "", "Live Room")
//	seq, err := c.SendText(ctx, room, "host", "welcome!", "High")
//	err = c.Mute(ctx, room, "troll", 600)
//	if errors.Is(err, types.ErrGroupNotFound) { … }
//
// Every command has a typed method whose request and response structs
// carry Tencent's current field names, each naming the doc page it
// follows; Call sends any other command. On top of them sit the live-room
// helpers (CreateRoom, SendText, Mute, Ban, ModifyRoom, SetCounters …)
// that tim/timtest's emulator embeds.
//
// Each call is POST {base}/v4/{service}/{command}?sdkappid=&identifier=&usersig=&random=&contenttype=json
// (cloud.tencent.com/document/product/269/1519): the admin's UserSig is
// made from the secret key and renewed before it expires (or supplied by
// Config.UserSig), random is fresh for every request, and errors never
// carry the URL, which holds the UserSig.
//
// A reply with a non-zero ErrorCode is an *Error that matches its
// types.Code with errors.Is. Commands that are safe to repeat (reads,
// idempotent writes, sends that Tencent deduplicates) are retried on the
// codes Tencent's pages answer with "retry" (types.Code.RetryLater), on
// HTTP 5xx and on network errors, with exponential back-off and jitter
// (Config.MaxRetries). An optional client-side limiter keeps each command
// under a rate (Config.RateLimit; Tencent documents 200 calls/s for most).
package restapi
