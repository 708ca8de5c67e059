import { z } from "../../config/zod.ts";

/**
 * What a sandboxed process tells its parent, on a channel of its own (file descriptor 3), so
 * that its stdout and stderr stay free for logs. Each message is a frame: a 4-byte big-endian
 * length, then that many bytes of JSON. The length comes first so the parent refuses a message
 * over its cap before it buffers a byte of it.
 *
 * The input goes the other way, as the JSON text on the child's stdin.
 */

/** The file descriptor of the channel, in the child. */
export const CHANNEL_FD = 3;

const HEADER_BYTES = 4;

/** Why a sandboxed function failed, as it says itself; `permanent`: a retry cannot help. */
const sandboxFailure = z.object({
  code: z.string().check(z.regex(/^[A-Z][A-Z0-9_]{1,63}$/)),
  message: z.string().check(z.maxLength(2000)),
  permanent: z.boolean(),
});
export type SandboxFailureInfo = z.infer<typeof sandboxFailure>;

export const sandboxMessage = z.discriminatedUnion("type", [
  /** Progress and the like; any number, before the end. */
  z.object({ type: z.literal("event"), event: z.unknown() }),
  /** The function returned; the last message. */
  z.object({ type: z.literal("result"), result: z.unknown() }),
  /** The function threw; the last message. */
  z.object({ type: z.literal("failure"), failure: sandboxFailure }),
]);
export type SandboxMessage = z.infer<typeof sandboxMessage>;

/** One message as a frame. */
export function encodeFrame(message: SandboxMessage): Buffer {
  const body = Buffer.from(JSON.stringify(message), "utf8");
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt32BE(body.length);
  return Buffer.concat([header, body]);
}

/** A frame whose announced length is over the reader's cap. */
export class FrameTooLarge extends Error {
  readonly bytes: number;

  constructor(bytes: number, maxBytes: number) {
    super(`a message of ${bytes} bytes, over the ${maxBytes}-byte cap`);
    this.name = "FrameTooLarge";
    this.bytes = bytes;
  }
}

/**
 * Reassembles frames from chunks however the pipe cut them, holding at most one frame of at
 * most `maxBytes`.
 *
 * @example
 * const reader = new FrameReader(1024 * 1024);
 * channel.on("data", (chunk) => reader.push(chunk, (body) => handle(JSON.parse(body.toString()))));
 */
export class FrameReader {
  readonly #maxBytes: number;
  #chunks: Buffer[] = [];
  #bytes = 0;
  /** Body length of the frame being read; null while its header is not complete. */
  #length: number | null = null;

  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes;
  }

  /** Feeds a chunk; `emit` gets each complete frame's body. Throws {@link FrameTooLarge}. */
  push(chunk: Buffer, emit: (body: Buffer) => void): void {
    this.#chunks.push(chunk);
    this.#bytes += chunk.length;
    for (;;) {
      if (this.#length === null) {
        if (this.#bytes < HEADER_BYTES) return;
        const length = this.#take(HEADER_BYTES).readUInt32BE(0);
        if (length > this.#maxBytes) throw new FrameTooLarge(length, this.#maxBytes);
        this.#length = length;
      }
      if (this.#bytes < this.#length) return;
      const body = this.#take(this.#length);
      this.#length = null;
      emit(body);
    }
  }

  // Chunks are joined only once enough bytes are there, so a 1 MB frame is copied once.
  #take(bytes: number): Buffer {
    const all =
      this.#chunks.length === 1
        ? (this.#chunks[0] as Buffer)
        : Buffer.concat(this.#chunks, this.#bytes);
    this.#chunks = all.length > bytes ? [all.subarray(bytes)] : [];
    this.#bytes = all.length - bytes;
    return all.subarray(0, bytes);
  }
}
