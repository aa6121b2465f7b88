"""What uses simulated incidents on the integrator's side: SLA attainment, credits, on-call, desk, the delivery plan."""
