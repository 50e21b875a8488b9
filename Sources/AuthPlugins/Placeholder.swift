import DAVCore
