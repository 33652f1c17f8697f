package io.privflow.cli;

import io.privflow.consent.ConsentAuditException;
import io.privflow.consent.ConsentExportFailedException;
import io.privflow.consent.ConsentRefusedException;
import io.privflow.request.ConsentRequestException;
import io.privflow.ingest.InputFormatException;
import io.privflow.policy.PolicyException;
import io.privflow.privacy.ledger.BudgetExceededException;
import io.privflow.privacy.ledger.LedgerException;
import io.privflow.pseudonymize.Pseudonymizer;
import io.privflow.regions.RegionFileException;
import io.privflow.publish.ReleaseFailedException;
import io.privflow.request.RequestException;

/**
 * One-line descriptions of failures. Only privflow's own exceptions, whose messages are written to
 * carry no data values, are shown with their message; anything else is named by its type only,
 * because a library's message may quote an input value (an identifier, say).
 */
public final class UserErrors {
  private UserErrors() {}

  public static String describe(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof RequestException
          || t instanceof RegionFileException
          || t instanceof Pseudonymizer.KeyFileException
          || t instanceof InputFormatException
          || t instanceof ReleaseFailedException
          || t instanceof PolicyException
          || t instanceof BudgetExceededException
          || t instanceof LedgerException
          || t instanceof ConsentRequestException
          || t instanceof ConsentRefusedException
          || t instanceof ConsentExportFailedException
          || t instanceof ConsentAuditException) {
        return t.getMessage();
      }
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return "the run failed with " + root.getClass().getName()
        + "; nothing was published (set PRIVFLOW_DEBUG=1 to print the stack trace)";
  }
}
