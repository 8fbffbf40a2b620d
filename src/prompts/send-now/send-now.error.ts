/** A `send now` request that names something that does not exist or cannot be sent to. */
export class SendNowError extends Error {}
