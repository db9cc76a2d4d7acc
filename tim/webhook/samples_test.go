package webhook_test

// Request bodies copied from Tencent's callback pages, with the pages' //
// comments removed (they are not JSON).

// trtc.io/document/74347 (Before Group Message Is Sent, live rooms).
const sampleBeforeSendMsg = `{
    "CallbackCommand": "Group.CallbackBeforeSendMsg",
    "GroupId": "@TGS#2J4SZEAEL",
    "Type": "Live",
    "From_Account": "jared",
    "Operator_Account":"admin",
    "Random": 123456,
    "MsgId": "144115233406643804-1727580296-4026038328",
    "MsgBody": [
        {
            "MsgType": "TIMTextElem",
            "MsgContent":{
                "Text": "red packet"
            }
        }
    ],
    "CloudCustomData": "your cloud custom data",
    "EventTime":"1670574414123"
}`

// trtc.io/document/34375 (After a Group Message Is Sent).
const sampleAfterSendMsg = `{
    "CallbackCommand": "Group.CallbackAfterSendMsg",
    "GroupId": "@TGS#2J4SZEAEL",
    "Type": "Public",
    "From_Account": "jared",
    "Operator_Account":"admin",
    "Random": 123456,
    "MsgSeq": 123,
    "MsgTime": 1490686222,
    "OnlineOnlyFlag": 1,
    "MsgBody": [
        {
            "MsgType": "TIMTextElem",
            "MsgContent":{
                "Text": "red packet"
            }
        }
    ],
    "CloudCustomData": "your cloud custom data",
    "EventTime":"1670574414123"
}`

// trtc.io/document/34372 (After a User Joins a Group).
const sampleMemberJoin = `{
    "CallbackCommand": "Group.CallbackAfterNewMemberJoin",
    "GroupId" : "@TGS#2J4SZEAEL",
    "Type": "Public",
    "JoinType": "Apply",
    "Operator_Account": "leckie",
    "NewMemberList": [
        {
            "Member_Account": "jared"
        },
        {
            "Member_Account": "tommy"
        }
    ],
    "EventTime":"1670574414123"
}`

// trtc.io/document/34373 (After a User Leaves a Group).
const sampleMemberExit = `{
    "CallbackCommand": "Group.CallbackAfterMemberExit",
    "GroupId": "@TGS#2J4SZEAEL",
    "Type": "Public",
    "ExitType": "Kicked",
    "Operator_Account": "leckie",
    "ExitMemberList": [
        {
            "Member_Account": "jared"
        },
        {
            "Member_Account": "tommy"
        }
    ],
    "EventTime":"1670574414123"
}`

// trtc.io/document/49462 (Webhook for Exceptions When Group Messages Are
// Sent). The English page lacks the comma after ErrorInfo; the translated
// pages have it.
const sampleSendMsgException = `{
    "CallbackCommand": "Group.CallbackSendMsgException",
    "GroupId": "@TGS#2J4SZEAEL",
    "Type": "Public",
    "From_Account": "jared",
    "Operator_Account":"admin",
    "Random": 123456,
    "OnlineOnlyFlag": 1,
    "MsgBody": [
        {
            "MsgType": "TIMTextElem",
            "MsgContent":{
                "Text": "red packet"
            }
        }
    ],
    "CloudCustomData": "your cloud custom data",
    "ErrorCode": 10023,
    "ErrorInfo": "msg count exceeds limit,please retry later",
    "EventTime":"1670574414123"
}`
