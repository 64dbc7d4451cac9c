// CONTRACT STUB: the sandbox helper writes the Kestrel host (SandboxHost) and this entry point.
return 0;
