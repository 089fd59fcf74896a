package com.evalops.worker.api;

import com.evalops.worker.auth.ApiIdentity;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Which identity a token stands for: the command line's first check that it is set up. */
@RestController
public class WhoAmIController {
  @GetMapping("/api/whoami")
  ApiIdentity whoami(HttpServletRequest request) {
    return HumanActions.caller(request);
  }
}
