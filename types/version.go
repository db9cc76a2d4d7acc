package types

// SDKVersion is TIM.VERSION of the tim-js-sdk release whose behaviour this
// module mirrors.
const SDKVersion = "2.27.6"

// SystemAccount is the sender ("from") of group tips and group system
// notices that have no user sender, and the conversation ID of system
// notices (TIM.TYPES.CONV_SYSTEM).
const SystemAccount = "@TIM#SYSTEM"

// SystemTinyID is the fixed sender tiny ID of messages from [SystemAccount];
// it is the first part of their message ID.
const SystemTinyID = "144115198244471703"
