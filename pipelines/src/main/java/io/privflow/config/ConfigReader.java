package io.privflow.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Binds a YAML configuration file (a request or a policy) into its document record with Jackson,
 * collecting every problem instead of stopping at the first: unknown keys, values of the wrong
 * kind, duplicate keys. Problems name the field path and never the value, and Jackson's own
 * messages (which quote input) are never passed on.
 *
 * <p>Limits keep a hostile file from costing time or memory: at most {@link #MAX_BYTES} bytes,
 * nesting at most {@link #MAX_DEPTH} deep.
 */
public final class ConfigReader {
  /** A configuration file is a page of YAML; a megabyte is far beyond any real one. */
  public static final int MAX_BYTES = 1 << 20;
  static final int MAX_DEPTH = 32;

  private ConfigReader() {}

  /** The document bound from {@code file}, or null when the file cannot be read as YAML at all. */
  public static <T> T read(Path file, Class<T> type, String what, Problems problems) {
    byte[] bytes;
    try {
      if (Files.size(file) > MAX_BYTES) {
        problems.add("", what + " " + file + " is larger than " + (MAX_BYTES >> 10) + " KiB; it cannot be a "
            + what);
        return null;
      }
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      problems.add("", what + " " + file + (Files.exists(file) ? " cannot be read" : " does not exist"));
      return null;
    }
    return bind(bytes, type, what + " " + file, problems);
  }

  /** As {@link #read}, from bytes already read ({@code where} names them in problems). */
  public static <T> T bind(byte[] bytes, Class<T> type, String where, Problems problems) {
    ObjectMapper mapper = mapper(problems);
    try {
      if (tooDeep(mapper, bytes, where, problems)) {
        return null;
      }
      T doc = mapper.readValue(bytes, type);
      if (doc == null) {
        problems.add("", where + " is empty");
      }
      return doc;
    } catch (MismatchedInputException e) {
      if (e.getPath().isEmpty()) {
        problems.add("", where + " is not a YAML mapping");
      } else {
        problems.add(path(e.getPath()), "has the wrong form");
      }
      return null;
    } catch (JsonProcessingException e) {
      // Jackson's message quotes the text around the error, which may be an identifier.
      String line = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
      boolean duplicate = e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field");
      // A key given twice is named by its field path, like every other problem (the path holds keys, not values).
      String at = duplicate && e.getProcessor() instanceof JsonParser p ? path(p.getParsingContext()) : "";
      if (!at.isEmpty()) {
        problems.add(at, "the key is given twice" + line);
      } else {
        problems.add("", where + (duplicate ? " has a key given twice" : " is not valid YAML") + line);
      }
      return null;
    } catch (IOException e) {
      problems.add("", where + " cannot be read");
      return null;
    }
  }

  /**
   * Refuses a document nested deeper than {@link #MAX_DEPTH} before it is bound. The limits set in
   * {@link #mapper} do not reach Jackson 2.15's YAML parser (SnakeYAML's nesting limit is checked by
   * its composer, which Jackson does not use), so the depth is counted here, on the parser's tokens.
   */
  private static boolean tooDeep(ObjectMapper mapper, byte[] bytes, String where, Problems problems)
      throws IOException {
    try (JsonParser p = mapper.getFactory().createParser(bytes)) {
      int depth = 0;
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        if (t.isStructStart() && ++depth > MAX_DEPTH) {
          problems.add("", where + " is nested deeper than " + MAX_DEPTH + " levels (line "
              + p.currentLocation().getLineNr() + "); a configuration file is a page of YAML");
          return true;
        } else if (t.isStructEnd()) {
          depth--;
        }
      }
    }
    return false;
  }

  static ObjectMapper mapper(Problems problems) {
    LoaderOptions loader = new LoaderOptions();
    loader.setCodePointLimit(MAX_BYTES);
    loader.setNestingDepthLimit(MAX_DEPTH);
    loader.setAllowDuplicateKeys(false);
    YAMLFactory yaml = YAMLFactory.builder()
        .loaderOptions(loader)
        .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).maxNumberLength(64).build())
        .build();
    yaml.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    ObjectMapper m = new ObjectMapper(yaml);
    m.registerModule(new JavaTimeModule());
    m.enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY);
    m.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    m.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    m.addHandler(new Collector(problems));
    return m;
  }

  /** Turns each binding problem into a recorded one and goes on reading. */
  private static final class Collector extends DeserializationProblemHandler {
    private final Problems problems;

    Collector(Problems problems) {
      this.problems = problems;
    }

    @Override
    public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p, JsonDeserializer<?> deserializer,
        Object beanOrClass, String propertyName) throws IOException {
      String at = path(p.getParsingContext());
      if (!at.endsWith(propertyName)) {
        at = child(at, propertyName);
      }
      Collection<Object> known = deserializer.getKnownPropertyNames();
      problems.add(at, "unknown field" + (known == null || known.isEmpty() ? ""
          : " (allowed: " + String.join(", ", new TreeSet<>(known.stream().map(Object::toString).toList())) + ")"));
      p.skipChildren();
      return true;
    }

    @Override
    public Object handleWeirdStringValue(DeserializationContext ctxt, Class<?> targetType, String valueToConvert,
        String failureMsg) {
      problems.add(path(ctxt.getParser().getParsingContext()), expected(targetType));
      return null;
    }

    @Override
    public Object handleWeirdNumberValue(DeserializationContext ctxt, Class<?> targetType, Number valueToConvert,
        String failureMsg) {
      problems.add(path(ctxt.getParser().getParsingContext()), expected(targetType));
      return null;
    }

    @Override
    public Object handleUnexpectedToken(DeserializationContext ctxt, JavaType targetType, JsonToken t, JsonParser p,
        String failureMsg) throws IOException {
      problems.add(path(p.getParsingContext()), expected(targetType.getRawClass()));
      p.skipChildren();
      return null;
    }
  }

  /** What a field of a type must hold, in a user's words. */
  static String expected(Class<?> type) {
    if (type == LocalDate.class) {
      return "must be an ISO date such as 2020-03-01";
    }
    if (type == Long.class || type == long.class || type == Integer.class || type == int.class) {
      return "must be a whole number";
    }
    if (Number.class.isAssignableFrom(type)) {
      return "must be a positive number"; // every decimal privflow reads is a positive quantity
    }
    if (type == String.class) {
      return "must be a text";
    }
    if (List.class.isAssignableFrom(type)) {
      return "must be a list";
    }
    return "must be a mapping";
  }

  /** The dotted path of a parse position: {@code privacy.epsilon}, {@code inputs.cells[1]}. */
  static String path(JsonStreamContext c) {
    Deque<String> parts = new ArrayDeque<>();
    for (JsonStreamContext x = c; x != null && !x.inRoot(); x = x.getParent()) {
      if (x.inArray()) {
        parts.push("[" + Math.max(0, x.getCurrentIndex()) + "]");
      } else if (x.getCurrentName() != null) {
        parts.push("." + x.getCurrentName());
      }
    }
    String s = String.join("", parts);
    return s.startsWith(".") ? s.substring(1) : s;
  }

  static String path(List<com.fasterxml.jackson.databind.JsonMappingException.Reference> refs) {
    StringBuilder b = new StringBuilder();
    for (var r : refs) {
      if (r.getIndex() >= 0) {
        b.append('[').append(r.getIndex()).append(']');
      } else if (r.getFieldName() != null) {
        b.append(b.length() == 0 ? "" : ".").append(r.getFieldName());
      }
    }
    return b.toString();
  }

  static String child(String parent, String name) {
    return parent.isEmpty() ? name : parent + "." + name;
  }
}
