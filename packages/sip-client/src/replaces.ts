import { parseURI, serializeURI } from '@voip/sip-parser';

/** The dialog a Replaces header names, from the point of view of the UA receiving it. */
export interface ReplacesTarget {
  readonly callId: string;
  /** The tag of the receiving UA in that dialog (its local tag). */
  readonly toTag: string;
  /** The tag of the other party in that dialog (the receiver's remote tag). */
  readonly fromTag: string;
  /** `early-only`: replace the dialog only while it is early. */
  readonly earlyOnly: boolean;
}

/**
 * Parses a Replaces header value: `callid;to-tag=a;from-tag=b[;early-only]`.
 * @param value - the header value
 * @returns the target, or `undefined` when the call-id or either tag is missing
 * @see RFC 3891 §6.1
 */
export function parseReplaces(value: string): ReplacesTarget | undefined {
  const [callId, ...params] = value.split(';').map((p) => p.trim());
  if (!callId) return undefined;
  let toTag: string | undefined;
  let fromTag: string | undefined;
  let earlyOnly = false;
  for (const param of params) {
    const eq = param.indexOf('=');
    const name = (eq === -1 ? param : param.slice(0, eq)).toLowerCase();
    const v = eq === -1 ? '' : param.slice(eq + 1);
    if (name === 'to-tag') toTag = v;
    else if (name === 'from-tag') fromTag = v;
    else if (name === 'early-only') earlyOnly = true;
  }
  if (!toTag || !fromTag) return undefined;
  return { callId, toTag, fromTag, earlyOnly };
}

/**
 * The Replaces value for a dialog as its peer sees it: our dialog's remote tag is the peer's local tag (`to-tag`).
 * @param dialog - the call-id and tags of our side of the dialog
 * @returns e.g. `abc@host;to-tag=peer;from-tag=us`
 * @see RFC 3891 §6.1
 */
export function replacesFor(dialog: { readonly callId: string; readonly localTag: string; readonly remoteTag: string }): string {
  return `${dialog.callId};to-tag=${dialog.remoteTag};from-tag=${dialog.localTag}`;
}

/**
 * A Refer-To value for an attended transfer: `target` with a `Replaces` URI header naming `dialog`, so the party
 * receiving the REFER sends an INVITE that replaces that dialog at its peer.
 * @param target - the SIP URI of the party to transfer to (the peer of `dialog`)
 * @param dialog - our dialog with that party (the consultation call)
 * @returns the Refer-To header value, `<sip:…?Replaces=…>`
 * @throws {@link SIPParseError} when `target` is not a URI
 * @see RFC 3515 §2.1; RFC 3891 §3; RFC 5589 §7 (attended transfer)
 */
export function referToWithReplaces(target: string, dialog: { readonly callId: string; readonly localTag: string; readonly remoteTag: string }): string {
  const uri = parseURI(target);
  return `<${serializeURI({ ...uri, headers: { ...uri.headers, Replaces: replacesFor(dialog) } })}>`;
}
