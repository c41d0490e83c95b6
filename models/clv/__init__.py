"""Customer lifetime value: purchase and spend models behind our own interface.

lifetimes (unmaintained, but numerically sound) does the fitting; nothing outside this
package imports it.
"""
