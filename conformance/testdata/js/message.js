'use strict';
// What the Node scripts (driver.js, interop.js) report of SDK objects: plain JSON copies, and the
// fields of a tim-js-sdk Message that the Go tests compare with their own message.Message.

// plain is a JSON round trip: class instances become plain objects, functions and undefined go;
// what cannot be serialised (a cycle) becomes its string.
function plain(v) {
  if (v === undefined) return undefined;
  try {
    return JSON.parse(JSON.stringify(v));
  } catch (e) {
    return String(v);
  }
}

function summarizeMessage(m) {
  if (!m || typeof m !== 'object') return m;
  return plain({
    ID: m.ID,
    type: m.type,
    payload: m.payload,
    from: m.from,
    to: m.to,
    flow: m.flow,
    nick: m.nick,
    avatar: m.avatar,
    nameCard: m.nameCard,
    priority: m.priority,
    conversationID: m.conversationID,
    conversationType: m.conversationType,
    sequence: m.sequence,
    random: m.random,
    time: m.time,
    clientTime: m.clientTime,
    senderTinyID: m.senderTinyID,
    cloudCustomData: m.cloudCustomData,
    isSystemMessage: m.isSystemMessage,
    isBroadcastMessage: m.isBroadcastMessage,
    status: m.status,
  });
}

module.exports = { plain, summarizeMessage };
