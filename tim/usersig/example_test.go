package usersig_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/tim-go/sdk/tim/usersig"
)

// The SDKAppID and secret key of an application, from the IM console.
const (
	sdkAppID  = 1400000000
	secretKey = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e"
)

// A bot signs its own UserSig at start-up.
func ExampleGenerate() {
	sig, err := usersig.Generate(sdkAppID, secretKey, "bot1", 7*24*time.Hour)
	if err != nil {
		panic(err)
	}
	_, err = usersig.Verify(sig, sdkAppID, secretKey, "bot1", time.Now())
	fmt.Println("valid:", err == nil)
	// Output: valid: true
}

// Tests make the same UserSig on every run by fixing the issue time. The
// TLS.sig printed is the one Tencent's tls-sig-api-v2 computes for the same
// inputs.
func ExampleGenerateAt() {
	issued := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	sig, err := usersig.GenerateAt(sdkAppID, secretKey, "alice", time.Hour, issued)
	if err != nil {
		panic(err)
	}
	info, err := usersig.Parse(sig)
	if err != nil {
		panic(err)
	}
	fmt.Println(info.Identifier, info.SDKAppID, info.Time, info.Expire)
	fmt.Println(info.Signature)
	// Output:
	// alice 1400000000 2024-01-02 03:04:05 +0000 UTC 1h0m0s
	// ULMiHx+jwDuVNrqNBQ4/FibOqTmiE62dHq8rTIuHsaQ=
}

// TRTC's PrivateMapKey carries a userbuf covered by the signature.
func ExampleGenerateWithUserBuf() {
	issued := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	sig, err := usersig.GenerateWithUserBuf(sdkAppID, secretKey, "alice", time.Hour, issued, []byte("room:1234"))
	if err != nil {
		panic(err)
	}
	info, err := usersig.Verify(sig, sdkAppID, secretKey, "alice", issued)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%s\n", info.UserBuf)
	// Output: room:1234
}

// A server checks a UserSig and answers with Tencent's error code.
func ExampleVerify() {
	issued := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	sig, _ := usersig.GenerateAt(sdkAppID, secretKey, "alice", time.Hour, issued)

	info, err := usersig.Verify(sig, sdkAppID, secretKey, "alice", issued.Add(30*time.Minute))
	fmt.Println(info.Identifier, "valid until", info.ExpiresAt(), err)

	_, err = usersig.Verify(sig, sdkAppID, secretKey, "alice", issued.Add(2*time.Hour))
	fmt.Println(errors.Is(err, usersig.ErrExpired), usersig.Code(err))

	_, err = usersig.Verify(sig, sdkAppID, secretKey, "bob", issued)
	fmt.Println(errors.Is(err, usersig.ErrIdentifierMismatch), usersig.Code(err))

	_, err = usersig.Verify(sig, sdkAppID, "another key", "alice", issued)
	fmt.Println(errors.Is(err, usersig.ErrBadSignature), usersig.Code(err))
	// Output:
	// alice valid until 2024-01-02 04:04:05 +0000 UTC <nil>
	// true 70001
	// true 70013
	// true 70009
}

// An emulator learns who a UserSig claims to be, then checks it with the
// key of that application.
func ExampleParse() {
	sig, _ := usersig.GenerateAt(sdkAppID, secretKey, "alice", time.Hour, time.Unix(1700000000, 0))

	claimed, err := usersig.Parse(sig)
	if err != nil {
		fmt.Println(usersig.Code(err))
		return
	}
	fmt.Println("claims to be", claimed.Identifier, "of", claimed.SDKAppID)
	_, err = usersig.Verify(sig, claimed.SDKAppID, secretKey, claimed.Identifier, time.Unix(1700000000, 0))
	fmt.Println("verified:", err == nil)

	_, err = usersig.Parse("not a usersig")
	fmt.Println(errors.Is(err, usersig.ErrMalformed), usersig.Code(err))
	// Output:
	// claims to be alice of 1400000000
	// verified: true
	// true 70003
}

func ExampleCode() {
	fmt.Println(usersig.Code(nil))
	fmt.Println(usersig.Code(usersig.ErrSDKAppIDMismatch))
	fmt.Println(usersig.Code(fmt.Errorf("login: %w", usersig.ErrExpired)))
	fmt.Println(usersig.Code(errors.New("anything else")))
	// Output:
	// 0
	// 70014
	// 70001
	// 70003
}
