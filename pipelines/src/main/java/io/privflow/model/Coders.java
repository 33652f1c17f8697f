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

  private static void writeVarLong(OutputStream out, long v) throws IOException {
    while ((v & ~0x7FL) != 0) {
      out.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }

  private static long readVarLong(InputStream in) throws IOException {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = in.read();
      if (b < 0) {
        throw new java.io.EOFException();
      }
      v |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return v;
      }
    }
    throw new IOException("varint longer than 64 bits");
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

    /**
     * The fields go to a buffer of this thread first and reach the runner's stream in one write,
     * after their length; decoding reads that many bytes in one piece and parses them from an
     * array. A runner's stream costs a chain of virtual calls per byte, and most fields here are
     * varints written a byte at a time.
     */
    @Override
    public void encode(T value, OutputStream out) throws IOException {
      ByteOut buffer = ByteOut.acquire();
      try {
        writer.write(value, buffer);
        writeVarLong(out, buffer.size);
        out.write(buffer.bytes, 0, buffer.size);
      } finally {
        buffer.release();
      }
    }

    @Override
    public T decode(InputStream in) throws IOException {
      int length = Math.toIntExact(readVarLong(in));
      byte[] bytes = in.readNBytes(length);
      if (bytes.length != length) {
        throw new java.io.EOFException(type.getSimpleName() + ": " + bytes.length + " of " + length + " bytes");
      }
      ByteIn fields = new ByteIn(bytes);
      T value = reader.read(fields);
      if (fields.position != length) {
        throw new IOException(type.getSimpleName() + ": " + (length - fields.position) + " bytes left unread");
      }
      return value;
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

  /** A growable byte array with {@link DataOutput}'s methods; one per thread, reused. */
  static final class ByteOut extends OutputStream implements DataOutput {
    private static final ThreadLocal<ByteOut> OF_THREAD = ThreadLocal.withInitial(ByteOut::new);

    byte[] bytes = new byte[256];
    int size;
    private boolean inUse;
    private DataOutputStream text; // for writeUTF's modified UTF-8 only

    /** This thread's buffer, emptied; a fresh one if a writer encodes inside another's write. */
    static ByteOut acquire() {
      ByteOut b = OF_THREAD.get();
      if (b.inUse) {
        b = new ByteOut();
      }
      b.inUse = true;
      b.size = 0;
      return b;
    }

    void release() {
      inUse = false;
      if (bytes.length > 1 << 20) {
        bytes = new byte[256]; // one huge value should not pin its buffer for the thread's life
      }
    }

    private void room(int n) {
      if (size + n > bytes.length) {
        bytes = java.util.Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + n));
      }
    }

    @Override
    public void write(int b) {
      room(1);
      bytes[size++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      room(len);
      System.arraycopy(b, off, bytes, size, len);
      size += len;
    }

    @Override
    public void write(byte[] b) {
      write(b, 0, b.length);
    }

    @Override
    public void writeBoolean(boolean v) {
      write(v ? 1 : 0);
    }

    @Override
    public void writeByte(int v) {
      write(v);
    }

    @Override
    public void writeShort(int v) {
      write(v >>> 8);
      write(v);
    }

    @Override
    public void writeChar(int v) {
      writeShort(v);
    }

    @Override
    public void writeInt(int v) {
      room(4);
      bytes[size] = (byte) (v >>> 24);
      bytes[size + 1] = (byte) (v >>> 16);
      bytes[size + 2] = (byte) (v >>> 8);
      bytes[size + 3] = (byte) v;
      size += 4;
    }

    @Override
    public void writeLong(long v) {
      writeInt((int) (v >>> 32));
      writeInt((int) v);
    }

    @Override
    public void writeFloat(float v) {
      writeInt(Float.floatToIntBits(v));
    }

    @Override
    public void writeDouble(double v) {
      writeLong(Double.doubleToLongBits(v));
    }

    @Override
    public void writeBytes(String s) {
      for (int i = 0; i < s.length(); i++) {
        write(s.charAt(i));
      }
    }

    @Override
    public void writeChars(String s) {
      for (int i = 0; i < s.length(); i++) {
        writeChar(s.charAt(i));
      }
    }

    @Override
    public void writeUTF(String s) throws IOException {
      if (text == null) {
        text = new DataOutputStream(this);
      }
      text.writeUTF(s);
    }
  }

  /** {@link DataInput} over one value's bytes. */
  static final class ByteIn implements DataInput {
    private final byte[] bytes;
    int position;

    ByteIn(byte[] bytes) {
      this.bytes = bytes;
    }

    private int next() throws java.io.EOFException {
      if (position >= bytes.length) {
        throw new java.io.EOFException();
      }
      return bytes[position++] & 0xFF;
    }

    @Override
    public void readFully(byte[] b) throws IOException {
      readFully(b, 0, b.length);
    }

    @Override
    public void readFully(byte[] b, int off, int len) throws IOException {
      if (len > bytes.length - position) {
        throw new java.io.EOFException();
      }
      System.arraycopy(bytes, position, b, off, len);
      position += len;
    }

    @Override
    public int skipBytes(int n) {
      int k = Math.max(0, Math.min(n, bytes.length - position));
      position += k;
      return k;
    }

    @Override
    public boolean readBoolean() throws IOException {
      return next() != 0;
    }

    @Override
    public byte readByte() throws IOException {
      return (byte) next();
    }

    @Override
    public int readUnsignedByte() throws IOException {
      return next();
    }

    @Override
    public short readShort() throws IOException {
      return (short) readUnsignedShort();
    }

    @Override
    public int readUnsignedShort() throws IOException {
      return (next() << 8) | next();
    }

    @Override
    public char readChar() throws IOException {
      return (char) readUnsignedShort();
    }

    @Override
    public int readInt() throws IOException {
      return (next() << 24) | (next() << 16) | (next() << 8) | next();
    }

    @Override
    public long readLong() throws IOException {
      return ((long) readInt() << 32) | (readInt() & 0xFFFFFFFFL);
    }

    @Override
    public float readFloat() throws IOException {
      return Float.intBitsToFloat(readInt());
    }

    @Override
    public double readDouble() throws IOException {
      return Double.longBitsToDouble(readLong());
    }

    @Override
    public String readLine() {
      throw new UnsupportedOperationException("readLine");
    }

    @Override
    public String readUTF() throws IOException {
      return DataInputStream.readUTF(this);
    }
  }
}
