// Package types holds the constants of the TIM SDK: event names, message
// element types, priorities, group and profile enums, error codes.
//
// Values are identical to tim-js-sdk 2.27.6 (TIM.EVENT and TIM.TYPES), so the
// JS documentation and this package read side by side: TIM.TYPES.MSG_TEXT is
// [MsgText], TIM.EVENT.MESSAGE_RECEIVED is [EventMessageReceived].
//
// It is the leaf of the module and imports nothing from it.
package types
