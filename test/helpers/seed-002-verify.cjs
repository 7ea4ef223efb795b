// Seed 002's "Signature Verification, Example (Node.js)", verbatim: what our customers run.
const crypto = require('crypto');
function verifySignature(payload, signature, secret) {
const computed = crypto
.createHmac('sha256', secret)
.update(payload)
.digest('hex');
return crypto.timingSafeEqual(
Buffer.from(signature),
Buffer.from(computed)
);
}
module.exports = { verifySignature };
