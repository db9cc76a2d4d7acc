package server

import "strings"

// Paid features (tim-js-sdk's purchase bits, counted from the right) that
// the emulator implements, so the SDK does not refuse their calls with
// 3122: 6 the live-room member list, 11 the live-room ban, 15 group
// counters. Bit 2 (live-room history on join) stays off: no join history.
const (
	featureAVMemberList = 6
	featureAVBan        = 11
	featureGroupCounter = 15
)

// purchaseBits is the bit string of wslogin's PurchaseBits and of
// fetch_imsdk_purchase_bitsv2.
var purchaseBits = featureBits(featureAVMemberList, featureAVBan, featureGroupCounter)

// featureBits writes the bits as tim-js-sdk reads them: a string of 0 and
// 1 whose last character is bit 0.
func featureBits(bits ...int) string {
	n := 0
	for _, b := range bits {
		n = max(n, b+1)
	}
	s := []byte(strings.Repeat("0", n))
	for _, b := range bits {
		s[n-1-b] = '1'
	}
	return string(s)
}
