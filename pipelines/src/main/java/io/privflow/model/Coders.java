package io.privflow.model;

import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CustomCoder;

/**
 * Deterministic Beam coders for privflow's records, each written as one field list instead of a
 * coder class: {@code Coders.of(Type.class, (v, out) -> ..., in -> ...)}. The field encodings are
 * shared ({@link #writeVarLong}, {@link Pseudonym#write}), so every shuffle key and value is
 * compact and the same type is always encoded the same way (a requirement for keys).
 */
public final class Coders {
  private Coders() {}

  /** Writes one value's fields. */
  @FunctionalInterface
  public interface Writer<T> extends Serializable {
    void write(T value, DataOutput out) throws IOException;
  }

  /** Reads one value's fields, in the order {@link Writer} wrote them. */
  @FunctionalInterface
  public interface Reader<T> extends Serializable {
    T read(DataInput in) throws IOException;
  }

  /** A coder of {@code type} from its field writer and reader; deterministic, so usable as a key. */
  public static <T> Coder<T> of(Class<T> type, Writer<T> writer, Reader<T> reader) {
    return new FieldCoder<>(type, writer, reader, false);
  }

  /**
   * As {@link #of}, for a shuffle key whose {@code equals} agrees with its encoding (a record of
   * primitives): runners may then compare keys as objects instead of as bytes.
   */
  public static <T> Coder<T> key(Class<T> type, Writer<T> writer, Reader<T> reader) {
    return new FieldCoder<>(type, writer, reader, true);
  }

  /** Unsigned LEB128: small non-negative values in one or two bytes. */
  public static void writeVarLong(DataOutput out, long v) throws IOException {
    while ((v & ~0x7FL) != 0) {
      out.writeByte((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.writeByte((int) v);
  }

  public static long readVarLong(DataInput in) throws IOException {
    long v = 0;
    for (int shift = 0; ; shift += 7) {
      int b = in.readUnsignedByte();
      v |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return v;
      }
    }
  }

  /** A signed value, zig-zag coded: small magnitudes of either sign in one or two bytes. */
  public static void writeZigZag(DataOutput out, long v) throws IOException {
    writeVarLong(out, (v << 1) ^ (v >> 63));
  }

  public static long readZigZag(DataInput in) throws IOException {
    long u = readVarLong(in);
    return (u >>> 1) ^ -(u & 1);
  }

  /** A string that may be null. */
  public static void writeNullableUtf(DataOutput out, String s) throws IOException {
    out.writeBoolean(s != null);
    if (s != null) {
      out.writeUTF(s);
    }
  }

  public static String readNullableUtf(DataInput in) throws IOException {
    return in.readBoolean() ? in.readUTF() : null;
  }

  private static final class FieldCoder<T> extends CustomCoder<T> {
    private final Class<T> type;
    private final Writer<T> writer;
    private final Reader<T> reader;
    private final boolean consistentWithEquals;

    FieldCoder(Class<T> type, Writer<T> writer, Reader<T> reader, boolean consistentWithEquals) {
      this.type = type;
      this.writer = writer;
      this.reader = reader;
      this.consistentWithEquals = consistentWithEquals;
    }

    @Override
    public boolean consistentWithEquals() {
      return consistentWithEquals;
    }

    @Override
    public void encode(T value, OutputStream out) throws IOException {
      writer.write(value, new DataOutputStream(out));
    }

    @Override
    public T decode(InputStream in) throws IOException {
      return reader.read(new DataInputStream(in));
    }

    @Override
    public void verifyDeterministic() {}

    /** One coder per type: two copies of it (after serialisation, say) are equal. */
    @Override
    public boolean equals(Object o) {
      return o instanceof FieldCoder<?> c && c.type.equals(type);
    }

    @Override
    public int hashCode() {
      return type.hashCode();
    }

    @Override
    public String toString() {
      return "Coders.of(" + type.getSimpleName() + ")";
    }
  }
}
