// Package message is the model of a TIM message as tim-js-sdk 2.27.6 shows
// it to applications: a [Message] with one typed [Payload].
//
// It knows nothing of the wire and creates no messages of its own: the tim
// package builds outgoing messages and maps received ones here. Field names
// and JSON tags follow the JS Message object, so json.Marshal of a Message
// gives the shape tim-js-sdk emits.
package message
