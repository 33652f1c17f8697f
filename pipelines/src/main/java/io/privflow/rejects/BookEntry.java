package io.privflow.rejects;

import io.privflow.model.Coders;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.values.KV;

/**
 * One entry of a stage's books: a rejected record, or a reconciliation tally (figure name, count;
 * see {@link Tallies}). A stage that must not split its per-event path (every extra output of a
 * step costs each record a copy on some runners) hands both on through one side output of these,
 * which carries little data: a few tallies per bundle and the rejections.
 */
public record BookEntry(Rejection rejection, String figure, long count) {
  public static final Coder<BookEntry> CODER = Coders.of(BookEntry.class,
      (e, out) -> {
        out.writeBoolean(e.rejection != null);
        if (e.rejection != null) {
          Rejection.write(e.rejection, out);
        } else {
          out.writeUTF(e.figure);
          Coders.writeVarLong(out, e.count);
        }
      },
      in -> {
        if (in.readBoolean()) {
          return of(Rejection.read(in));
        }
        return tally(in.readUTF(), Coders.readVarLong(in));
      });

  public static BookEntry of(Rejection rejection) {
    return new BookEntry(rejection, null, 0);
  }

  public static BookEntry tally(String figure, long count) {
    return new BookEntry(null, figure, count);
  }

  public boolean isRejection() {
    return rejection != null;
  }

  /** The tally as the runs sum it. */
  public KV<String, Long> asTally() {
    return KV.of(figure, count);
  }
}
