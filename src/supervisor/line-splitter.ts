const NEWLINE = 0x0a;

/**
 * Turns a stream of chunks into whole lines, however the writer cut them: a line may arrive in
 * many chunks (partial writes, lines longer than a pipe buffer) and a chunk may hold many lines.
 * Pieces of an unfinished line are kept as a list and joined once, so a 1 MB line costs one copy.
 */
export class LineSplitter {
  #pending: Buffer[] = [];
  #pendingBytes = 0;

  /** Feeds a chunk; `emit` receives each completed line without its newline. */
  push(chunk: Buffer, emit: (line: Buffer) => void): void {
    let start = 0;
    let end = chunk.indexOf(NEWLINE, start);
    while (end !== -1) {
      const piece = chunk.subarray(start, end);
      if (this.#pending.length > 0) {
        this.#pending.push(piece);
        emit(Buffer.concat(this.#pending, this.#pendingBytes + piece.length));
        this.#pending = [];
        this.#pendingBytes = 0;
      } else {
        emit(piece);
      }
      start = end + 1;
      end = chunk.indexOf(NEWLINE, start);
    }
    if (start < chunk.length) {
      this.#pending.push(chunk.subarray(start));
      this.#pendingBytes += chunk.length - start;
    }
  }

  /** Emits what is left when the stream ends without a final newline (a child killed mid-line). */
  flush(emit: (line: Buffer) => void): void {
    if (this.#pendingBytes === 0) return;
    emit(Buffer.concat(this.#pending, this.#pendingBytes));
    this.#pending = [];
    this.#pendingBytes = 0;
  }
}
