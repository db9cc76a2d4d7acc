// Package group is the model of groups as tim-js-sdk 2.27.6 shows them: a
// [Group] with the user's own [MemberSelfInfo], group [Member]s, the
// [JoinResult] of joinGroup, and the data of the live-room attribute and
// counter events.
//
// It knows nothing of the wire; the tim package fills these values. JSON
// tags follow the JS object fields.
package group
