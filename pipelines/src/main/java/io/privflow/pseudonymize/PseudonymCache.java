package io.privflow.pseudonymize;

import io.privflow.model.Pseudonym;
import java.util.HashMap;
import java.util.Map;

/**
 * Pseudonymises each distinct identifier once per bundle instead of once per event: an HMAC costs
 * more than everything else an event goes through, and an operator's file holds each subscriber's
 * events many times (mostly in runs, as exports are sorted by subscriber). The run's last
 * identifier is checked first, then a hash map that is bounded: it is emptied when it holds
 * {@link #LIMIT} identifiers, so memory never grows with the input.
 *
 * <p>The raw identifiers it holds live in the worker's memory only, like the event being read: the
 * cache is never serialised, output or logged, and its owner empties it at the start of each
 * bundle. Not thread-safe; one per DoFn instance.
 */
public final class PseudonymCache {
  /** Most identifiers held at once. */
  public static final int LIMIT = 50_000;

  private final Pseudonymizer pseudonymizer;
  private final int limit;
  private final Map<String, Pseudonym> cache = new HashMap<>();
  private String lastIdentifier;
  private Pseudonym last;
  private long computed;

  public PseudonymCache(Pseudonymizer pseudonymizer) {
    this(pseudonymizer, LIMIT);
  }

  PseudonymCache(Pseudonymizer pseudonymizer, int limit) {
    this.pseudonymizer = pseudonymizer;
    this.limit = limit;
  }

  /** The pseudonym of a normalised identifier (see {@link Pseudonymizer#pseudonymize}). */
  public Pseudonym of(String identifier) {
    if (identifier.equals(lastIdentifier)) {
      return last;
    }
    Pseudonym p = cache.get(identifier);
    if (p == null) {
      p = pseudonymizer.pseudonymize(identifier);
      computed++;
      if (cache.size() >= limit) {
        cache.clear();
      }
      cache.put(identifier, p);
    }
    lastIdentifier = identifier;
    last = p;
    return p;
  }

  /** Forgets every identifier (at the start of a bundle). */
  public void clear() {
    cache.clear();
    lastIdentifier = null;
    last = null;
  }

  /** Identifiers held now. */
  int size() {
    return cache.size();
  }

  /** HMACs computed so far. */
  long computed() {
    return computed;
  }
}
